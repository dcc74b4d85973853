# English

app-name = Huiyin
app-tagline = 12345 citizen service hotline · One-stop online services
page-title = { $page } - Huiyin
skip-to-content = Skip to main content
nav-label = Main
nav-home = Home
nav-services = Services
nav-track = Track a case
nav-my-requests = My requests
language-switch-label = Language
footer-hotline = You can also call the 12345 hotline, or get help at your nearest service window.

home-title = Home
home-heading = Huiyin: every request followed through, every matter answered
home-intro = Find a government service, make a complaint, ask a question, get help, report a problem, make a suggestion or give praise, and follow your case at any time.
home-services-link = See all services

services-title = Services
services-heading = Services
services-intro = Choose a service to see what you need and how long it takes.
services-loading = Loading services…
services-count = { $count ->
    [one] { $count } service
   *[other] { $count } services
}
services-empty = There are no services available right now.
services-retry = Try again
services-other-category = Other services

kind-complaint = Complaint
kind-consultation = Question
kind-help = Help
kind-report = Report
kind-suggestion = Suggestion
kind-praise = Praise
kind-application = Application

not-found-title = Page not found
not-found-heading = Page not found
not-found-body = The address may be mistyped, or the page has moved.
not-found-home-link = Go to the home page

error-bad_request = Something was wrong with the request. Reload the page and try again.
error-not_found = We could not find what you asked for. Go back to the home page or look in the list of services.
error-upstream_unavailable = The government service system cannot be reached right now. Try again later. Nothing you entered is lost.
error-upstream_timeout = The government service system is answering too slowly. Try again later.
error-upstream_invalid = The government service system sent an answer we could not read. Try again later.
error-validation_failed = Some answers need changing. Check the messages below.
error-idempotency_key_missing = The submission is missing its device key. Reload the page and submit again.
error-idempotency_key_reused = This submission clashes with an earlier one. Reload the page, check your answers and submit again.
error-submission_in_progress = Your request is being submitted. Please wait; there is no need to submit it again.
error-case_not_found = We could not find that case. Check the case number and the query code.
error-too_many_attempts = Too many wrong query codes. Try again in { $wait }.
error-action_not_allowed = That cannot be done with this case at its current stage. Reload the page to see what you can do now.
error-rate_limited = Too many attempts in a short time. Try again in { $wait }.
error-payload_too_large = The file is too big. Choose a smaller photo.
error-unsupported_media_type = Photos must be JPEG, PNG or WebP.
error-image_too_large = The photo has too many pixels. Choose a smaller photo.
error-image_unreadable = That photo cannot be opened. Choose another one.
error-upstream_rejected = The government service system did not accept the submission. Check your answers.
error-network = Your connection dropped. Check it and try again.
error-unexpected = Something unexpected went wrong on our side. Try again in a few minutes; nothing you entered is lost.

field-error-required = Answer “{ $label }”
field-error-too_short = “{ $label }” must be at least { $min } characters
field-error-too_long = “{ $label }” must be { $max } characters or fewer
field-error-not_a_number = “{ $label }” must be a number, like 35.5
field-error-not_a_datetime = “{ $label }” must be a real date and time, like day 1, month 6, year 2025, 20:30
field-error-not_an_option = Choose one of the options for “{ $label }”
field-error-invalid_phone = Enter a mobile or landline number, like 13812345678
field-error-invalid_email = Enter an email address, like name@example.com
field-error-invalid_location = The location is not valid. Locate again or enter an address
field-error-too_many = Choose fewer answers for “{ $label }”
field-error-consent_required = Read and agree to the privacy notice
field-error-out_of_range = Choose a value in the range for “{ $label }”
field-error-unknown = “{ $label }” is not part of the chosen service. Go back to the service and start again
field-error-photo_gone = A photo is no longer kept: it was added too long ago. Remove it and add it again

stage-submitted = Submitted
stage-accepted = Accepted
stage-assigned = Assigned
stage-in_progress = In progress
stage-answered = Answered
stage-rated = Rated
stage-needs_info = Information needed
stage-escalated = Escalated
stage-not_accepted = Not accepted
stage-withdrawn = Withdrawn

action-info = Add information
action-urge = Urge
action-withdraw = Withdraw
action-rating = Rate

# Display and reading aids (elderly mode, read-aloud, screen readers)
elderly-mode = Large text mode
more = More
language-changed = Language changed to { $language }
read-aloud-label = Read aloud
read-aloud-start = Read this page aloud
read-aloud-pause = Pause reading
read-aloud-resume = Resume reading
read-aloud-stop = Stop reading
read-aloud-slow = Read slowly
read-aloud-started = Reading the page aloud
read-aloud-paused = Reading paused
read-aloud-resumed = Reading resumed
read-aloud-stopped = Reading stopped
read-aloud-finished = Finished reading the page
read-aloud-slow-on = Reading slowly
read-aloud-slow-off = Reading at normal speed
read-aloud-not-supported = This browser cannot read pages aloud. Your phone's own screen reader can.
read-aloud-no-voice = This device has no English voice, so it cannot read this page aloud yet.

# The resident's journeys: find a service, file a request, receipt, track, answer back
journey-back = Back
journey-loading = Loading…
journey-try-again = Try again
journey-optional = { " " }(optional)
journey-problem-title = Something went wrong
journey-error-summary-title = There is a problem
journey-error-prefix = Error:

home-kinds-heading = What do you want to tell us?
home-kind-complaint-hint = Something is wrong and you want it put right
home-kind-consultation-hint = Ask about a rule or how to get something done
home-kind-help-hint = You need help with a problem now
home-kind-report-hint = Report something against the law or the rules
home-kind-suggestion-hint = Tell us how things could work better
home-kind-praise-hint = Thank someone who served you well
home-common-heading = Common services
home-follow-heading = Follow your case

find-search-label = Search services
find-search-hint = Type a word, for example "noise", "streetlight" or "pension"
find-search-button = Search
find-results = { $count ->
    [one] { $count } service found
   *[other] { $count } services found
}
find-no-results = No service matches. Try other words, or call the 12345 hotline.
find-kind-filter = Showing: { $kind }
find-kind-filter-clear = Show all services

service-all-link = See all services
service-ready-heading = What you need
service-ready-intro = We ask you for these, one question per page:
service-ready-description = what the problem is
service-ready-location = where it is (an address, or your phone's location)
service-ready-photos = photos of it (optional, up to 6)
service-ready-contact = how to contact you (optional: you can stay anonymous)
service-time-heading = How long it takes
service-time-limit = { $days ->
    [one] The time limit is { $days } working day.
   *[other] The time limit is { $days } working days.
}
service-time-body = Your receipt tells you the date your case is due, and you can see at any time how many days are left.
service-time-unpublished = This service does not publish its time limit. Once you have sent your request, you can follow its progress at any time.
service-window-heading = Help at a service window
service-window-body = If filling this in online is hard, a clerk at your nearest service window can do it with you. You can also call the 12345 hotline.
service-start = Start now
service-draft-heading = You have an unfinished request
service-draft-body = It is saved on this phone. You can carry on where you left off, or start again.
service-draft-continue = Carry on
service-draft-start-again = Start again

file-continue = Continue
file-saved-note = What you enter is saved on this phone as you type.
file-being-sent-title = This request is being sent
file-being-sent-body = It cannot be changed until it has been sent.
file-being-sent-link = See how sending is going
file-choose-all-hint = Choose all that apply
file-description-heading = Describe the problem
file-description-hint = What happened, since when, and how it affects you. At least { $min } characters.
file-location-heading = Where is it?
file-location-intro = Enter an address, or use your phone's location, or both.
file-address-label = Address or place
file-address-hint = For example: 3 Renmin Road, block 3, or a landmark nearby
file-locate-heading = Use your phone's location
file-locate-button = Use my location
file-locating = Finding your location…
file-location-found = Your location was found. It will be sent with your request.
file-location-kept = Your phone's location is kept (latitude { $lat }, longitude { $long })
file-location-remove = Do not use my location
file-location-denied = You did not allow this site to know your location. Enter the address above instead, or allow location in your browser's settings.
file-location-unavailable = Your location could not be found. Enter the address above instead.
file-location-timeout = Finding your location took too long. Enter the address above, or try again later.
file-location-unsupported = This browser cannot share your location. Enter the address above instead.
file-photos-heading = Add photos (optional)
file-photos-intro = Photos help the department see the problem. Where and when a photo was taken is removed when it is uploaded.
file-photos-pick = Choose photos or take one
file-photos-hint = Up to { $count } photos: JPEG, PNG or WebP.
file-photos-full = You have added { $count } photos, the most allowed.
file-photos-too-many = Too many photos: only the first ones were added.
file-photos-count = { $count ->
    [one] { $count } photo
   *[other] { $count } photos
}
file-photo-alt = Photo { $number }
file-photo-remove = Remove photo { $number }
file-photo-removed = Photo { $number } removed
file-photo-uploading = Uploading { $name }
file-photo-uploaded = { $name } uploaded
file-photo-failed = { $name } was not uploaded.
file-photo-retry = Upload { $name } again
file-photo-dismiss = Leave { $name } out
file-contact-heading = How can we contact you? (optional)
file-contact-intro = If you leave your details, the department can contact you when it needs to and tell you the outcome.
file-contact-anonymous = You can leave these empty and stay anonymous. Then nobody can contact you, and you follow your case only with its case number and query code.
file-contact-name = Full name
file-contact-phone = Mobile or landline number
file-contact-phone-hint = For example 13812345678 or 021-12345678
file-contact-email = Email address
file-contact-remember = Remember my contact details on this phone
file-contact-remember-hint = Only tick this on your own phone. If you do not, your details are removed from this phone when you close this page.
file-privacy-heading = Privacy notice
file-privacy-use = What you send is used only to deal with this request.
file-privacy-who = Only the departments handling it see your name and contact details.
file-privacy-tracking = Following the case never shows your name or address, and only part of your phone number.
file-privacy-device = Your draft is saved on this phone. You can clear it at any time in "My requests".
file-privacy-agree = I have read the privacy notice and agree to my information being used this way
file-privacy-agreed = Agreed
file-privacy-not-agreed = Not agreed yet
file-check-heading = Check your answers before sending
file-change = Change
file-not-given = Not given
file-anonymous = Anonymous
file-list-separator = { ", " }
file-field-problem = { $field }: { $problem }
file-send-heading = Now send your request
file-send-body = By sending it you confirm that what you have told us is true.
file-send-button = Send request

sending-title = Sending
sending-waiting-title = Waiting to send
sending-now = Sending your request. Please wait…
sending-offline = Your phone is offline. Your request is saved on this phone and will be sent as soon as the connection returns.
sending-retry-in = We will try again in { $seconds } seconds.
sending-kept = Until it is sent, your request stays saved on this phone, and it will never be sent twice. You can leave this page and come back later.
sending-retry = Try again now
sending-stop = Stop sending and keep it as a draft
sending-refused-title = Your request was not sent
sending-refused-body = Check and change your answers, then send it again.
sending-check-answers = Check your answers
sending-done-title = Sent
sending-nothing-title = Nothing waiting to be sent
sending-nothing-body = This request is not waiting to be sent.

receipt-title = Request sent
receipt-case-number = Case number
receipt-query-code = Query code
receipt-due-date = Due by
receipt-due-date-unknown = You will be told once it is accepted
receipt-copy-case-number = Copy case number
receipt-copy-query-code = Copy query code
receipt-case-number-copied = Case number copied
receipt-query-code-copied = Query code copied
receipt-keep = Write down the case number and the query code. With both you can follow your case on any phone or computer.
receipt-next-heading = What happens next
receipt-next-accept = The 12345 hotline checks and accepts your request.
receipt-next-department = It goes to the department responsible, which may contact you.
receipt-next-answer = The department answers you by the due date.
receipt-next-rate = Once answered, you can rate how it was dealt with.
receipt-saved = This case has been added to "My requests" on this phone.
receipt-track = Follow this case
receipt-missing-title = Receipt not found
receipt-missing-body = This phone has no record of that case. If you have its case number and query code, you can look it up.

track-title = Follow a case
track-intro = Enter the case number and query code to see how your case is going.
track-case-number = Case number
track-case-number-hint = It is on the receipt you got when you sent the request
track-query-code = Query code
track-query-code-hint = The 8-character query code on your receipt
track-case-number-missing = Enter the case number
track-query-code-missing = Enter the query code
track-button = Find case
track-looking = Looking…
track-my-requests-link = Sent it from this phone? See My requests

case-title = Case { $id }
case-need-code = Enter this case's query code.
case-stage-now = Now:
case-due-date = Due by { $date }.
case-due-unknown = The due date is given once the case is accepted.
case-on-time = On time.
case-late = Overdue.
case-days-left = { $days ->
    [one] { $days } working day left.
   *[other] { $days } working days left.
}
case-due-today = Due today.
case-overdue = { $days ->
    [one] { $days } working day late.
   *[other] { $days } working days late.
}
case-answer-heading = The answer
case-rated = Your rating: { $rating } stars
case-timeline-heading = Progress
case-live-note = This page updates by itself when there is news.
case-event-update = Update
case-news = News: { $stage }
case-news-department = News: { $stage }, { $department }
case-actions-heading = What you can do now
case-actions-none = This case is closed. There is nothing more you need to do.
case-action-sending = Sending…
case-info-asked = The department has asked you for more information.
case-info-label = What you want to add
case-info-hint = Tell us what has changed, or what the department asked for.
case-info-submit = Send information
case-info-done = Your information was sent.
case-urge-body = This case is past its due date. Urging it asks the supervising office to follow it up.
case-urge-note-label = Anything to add (optional)
case-urge-submit = Urge this case
case-urge-done = The case has been urged.
case-withdraw-body = If the problem is solved or you no longer need it dealt with, you can withdraw your request. This cannot be undone.
case-withdraw-note-label = Why you are withdrawing it (optional)
case-withdraw-submit = Withdraw request
case-withdraw-confirm = Are you sure you want to withdraw this request? This cannot be undone.
case-withdraw-yes = Yes, withdraw it
case-withdraw-no = No, keep it
case-withdraw-done = Your request has been withdrawn.
case-rating-question = How satisfied are you with the answer?
case-rating-5 = 5 stars: very satisfied
case-rating-4 = 4 stars: satisfied
case-rating-3 = 3 stars: neither
case-rating-2 = 2 stars: dissatisfied
case-rating-1 = 1 star: very dissatisfied
case-rating-comment = Comments (optional)
case-rating-submit = Send rating
case-rating-done = Thank you for your rating.

my-requests-title = My requests
my-requests-intro = What is saved on this phone. Nobody else's phone shows it.
my-requests-cases-heading = Requests you sent
my-requests-no-cases = No requests have been sent from this phone yet.
my-requests-case-link = Case { $id }
my-requests-case-remove = Remove case { $id } from this list
my-requests-pending-heading = Waiting to be sent
my-requests-pending-note = Sent as soon as the connection returns
my-requests-drafts-heading = Unfinished requests
my-requests-draft-link = Carry on: { $service }
my-requests-draft-delete = Delete draft: { $service }
my-requests-contact-heading = Remembered contact details
my-requests-contact-body = This phone remembers your contact details and fills them in for you.
my-requests-contact-forget = Forget my contact details
my-requests-contact-forgotten = Your contact details were forgotten.
my-requests-clear-heading = Clear this phone
my-requests-clear-body = Removes the list of your cases, drafts, requests waiting to be sent and remembered contact details. Cases already sent carry on, and you can still follow them with their case number and query code. Your language and display settings stay.
my-requests-clear = Clear everything
my-requests-clear-confirm = Are you sure? Requests waiting to be sent are deleted too, and cannot be recovered.
my-requests-clear-yes = Yes, clear everything
my-requests-clear-no = Cancel
my-requests-cleared = Everything saved on this phone has been cleared.
my-requests-nothing = Nothing from your requests is saved on this phone.

copy-failed = Copying did not work. Press and hold the number to copy it yourself.

## Service window (线下窗口): a clerk files and tracks on a resident's behalf

error-clerk_sign_in_failed = The clerk ID or password is wrong. Check both and try again.
error-clerk_sign_in_limited = Too many failed sign-ins. Try again in { $minutes } minutes, or ask your supervisor.
error-clerk_session_required = Your clerk session has ended. Sign in again.
error-clerk_header_missing = The request was refused for your security. Reload the page and try again.
window-home-title = Service window
window-home-heading = Service window
window-home-intro = Help a resident file a request or follow a case. Nothing they tell you is kept on this computer.
window-home-file = File a request for a resident
window-home-track = Look up a resident's case
window-home-help-heading = Before you start
window-home-help-elderly = If the resident finds the screen hard to read, switch on elderly mode at the top of the page.
window-home-help-next = When you have finished with a resident, press "Next resident". Everything they told you is cleared from this computer.
window-home-help-idle = If nobody uses the page for a while, you are warned first; then the resident's details are cleared.
window-cleared-next = The last resident's details have been cleared from this computer.
window-cleared-idle = The last resident's details were cleared from this computer because the page was not used for a while.
window-session-ended = Your clerk session has ended. Sign in again.
window-signed-out = You have signed out. The last resident's details have been cleared from this computer.
window-sign-in-title = Clerk sign-in
window-sign-in-intro = Sign in with your clerk ID and password to help residents at this window.
window-sign-in-id = Clerk ID
window-sign-in-password = Password
window-sign-in-id-missing = Enter your clerk ID
window-sign-in-password-missing = Enter your password
window-sign-in-button = Sign in
window-sign-in-busy = Signing in…
window-sign-in-no-account = No account yet? Your supervisor creates clerk accounts.
window-bar-label = Service window
window-bar-clerk = Service window · clerk { $clerk }
window-next-resident = Next resident
window-sign-out = Sign out
window-idle-title = Is the resident still here?
window-idle-body = For the resident's privacy, their details will be cleared from this computer in { $seconds } seconds.
window-idle-extend = Continue with this resident
window-idle-clear-now = Clear now
window-session-limit-title = Your sign-in is about to end
window-session-limit-body = For security, your sign-in ends within { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }, and this resident's details will then be cleared from this computer. Enter your password now to sign in again and carry on: everything entered stays.
window-session-limit-renew = Sign in again and carry on
window-session-limit-later = Not now
window-session-renewed = Signed in again. Carry on.
window-consent-intro = Read this notice to the resident, or let the page read it aloud, then ask whether they agree.
window-consent-read-aloud = Read the notice aloud
window-consent-device = At this window nothing the resident tells you is kept on this computer after they leave.
window-consent-read-out-legend = How did the resident hear this notice?
window-consent-read-out-by_clerk = I read it out to them
window-consent-read-out-by_page = The page read it aloud to them
window-consent-agree = The resident heard the notice and agrees to their information being used this way
window-receipt-title = Receipt for the resident
window-receipt-brand = 12345 service window
window-receipt-missing = This receipt is no longer on this computer. Look the case up with its number and query code.
window-receipt-qr-alt = QR code of the tracking link { $link }
window-receipt-qr-caption = Scan to follow the case, then enter the query code:
window-receipt-keep = Keep this receipt. With the case number and query code you can follow the case on the Huiyin site, at any service window, or by calling 12345.
window-receipt-paper = Paper
window-receipt-paper-a4 = A4
window-receipt-paper-80mm = Receipt printer (80 mm)
window-receipt-print = Print receipt
window-receipt-large = Show large for the resident

## once: filing exactly once
error-submission_unconfirmed = The city's system may already have your request: its answer did not reach us. We are checking before sending anything again, so it will not be filed twice. Your request is kept here.
error-submission_unverifiable = The city's system may have received your request, but we cannot check it. So that it is not filed twice, we have not sent it again. Call 12345 to ask whether it arrived; your draft is kept here.
sending-refused-call = Call 12345 and ask whether your request arrived. If it did not, your draft is kept on this phone and you can send it again.
sending-stopped-title = Your request has not been sent yet
sending-stopped-body = We tried several times and stopped so as not to keep you waiting. Your request is saved on this phone and will never be sent twice. Try again later, or call 12345.

## window: the service window's own words, for the clerk (issue 18)
window-location-intro = Enter the address or place where the problem is.
window-file-not-saved-note = What the resident tells you stays on this page only and is not saved on this computer. It is cleared when you press "Next resident", or when the page is left alone for a while.
window-file-all-heading = Fill in the resident's request
window-file-all-intro = All the questions are on this page. Ask the resident as you fill it in, then press "Continue" to check it with them.
window-service-ready-intro = Ask the resident for the following, all on one page:
window-service-ready-location = Where the problem is (an address)
window-service-ready-contact = The resident's contact details (optional; they can also stay anonymous)
window-service-draft-body = This request is not finished. It is kept on this page only. You can continue it or start again.
window-case-phone = Phone number given: { $phone }. Check it with the resident to make sure this is their request.

## city: plain Open311 cities (no online actions, the city's own refusals)
case-offline-heading = Done by phone for this case
case-offline-info = To add information, call 12345 and give your case number { $case }.
case-offline-urge = To urge this case, call 12345 and give your case number { $case }.
case-offline-withdraw = To withdraw this case, call 12345 and give your case number { $case }.
case-offline-rating = To rate the answer, call 12345 and give your case number { $case }.
field-error-refused_by_city = The government service system did not accept this. Change it as its explanation says.
upstream-explanation = The government service system says: { $message }

## bounds: busy server, wrong method, photos from elsewhere
error-method_not_allowed = That cannot be done here. Reload the page and try again.
error-server_busy = Many people are using the service right now. Try again in { $seconds } seconds; nothing you entered is lost.
field-error-not_our_photo = This photo was not added on this site. Remove it and add it again here

## residents: error words that name the field, the date boxes, confirmations, waits
field-name-description = Description
field-name-address = Place
field-name-location = Location
field-name-media = Photos
field-name-contact-name = Name
field-name-contact-phone = Phone
field-name-contact-email = Email
field-name-consent = Privacy notice
field-name-consent_read_out = How the privacy notice was given
field-name-service_code = Service
field-name-text = Information to add
field-name-note = Note
field-name-rating = Rating
field-name-comment = Comment
field-error-description-required = Describe what happened
field-error-description-too_short = Describe what happened in at least { $min } characters
field-error-description-too_long = The description must be { $max } characters or fewer
field-error-address-required = Enter where it happened, or use your location
field-error-address-too_long = The place must be { $max } characters or fewer
field-error-location-invalid_location = This location cannot be used. Locate again or enter the address
field-error-media-too_many = Add no more than { $max } photos
field-error-contact-name-too_long = Your name must be { $max } characters or fewer
field-error-consent_read_out-required = Choose how the resident heard the privacy notice
field-error-attribute-list-required = Choose an answer to “{ $label }”
field-error-attribute-datetime-required = Enter the date for “{ $label }”
field-error-attribute-datetime-missing = “{ $label }” must include the { $parts }
field-error-attribute-list-too_many = Choose only one answer to “{ $label }”
field-error-text-required = Enter the information you want to add
field-error-text-too_long = The information must be { $max } characters or fewer
field-error-note-too_long = The note must be { $max } characters or fewer
field-error-rating-out_of_range = Choose how satisfied you are with the answer
field-error-comment-too_long = The comment must be { $max } characters or fewer
date-part-year = Year
date-part-month = Month
date-part-day = Day
date-part-hour = Hour
date-part-minute = Minute
date-part-year-missing = year
date-part-month-missing = month
date-part-day-missing = day
date-part-hour-missing = hour
date-part-minute-missing = minute
file-datetime-hint = For example, day 1, month 6, year 2025, hour 20, minute 30 (a 24-hour clock). If you do not remember the time, give the date only.
file-datetime-unfinished = The date is not finished
case-event-added_info = You added information
case-event-urged = You asked us to hurry
case-event-rated = You rated the answer
case-actions-none-withdrawn = You withdrew this case. There is nothing more you need to do.
case-actions-none-not-accepted = This case was not accepted: the progress above says why. There is nothing more you need to do.
case-done-title = Done
case-title-before-number = Case{ " " }
wait-seconds = { $seconds ->
        [one] 1 second
       *[other] { $seconds } seconds
    }
wait-minutes = { $minutes ->
        [one] about 1 minute
       *[other] about { $minutes } minutes
    }

## lead: where a request waits at the window
window-sending-offline = This computer is offline. The request stays on this page only, not on this computer, and is sent as soon as the connection returns.
window-sending-kept = Until it is sent, the request stays on this page only (nothing is saved on this computer), and it will never be sent twice. Stay on this page with the resident.
window-sending-stopped-body = We tried several times and stopped. The request is still on this page and will never be sent twice. Try again in a moment, or call 12345 with the resident.
window-sending-refused-call = Call 12345 with the resident and ask whether the request arrived. If it did not, it is still on this page and you can send it again.

## house: the BFF's own faults
error-internal_error = Something went wrong on our side, not in the government service system. Try again in a few minutes; nothing you entered is lost.

## nojs-file: filing a request without JavaScript
nojs-file-heading = Tell us about your request
nojs-file-intro = Answer the questions below, then check your answers before you send them.
nojs-file-expired = This page was open for a long time, so it was not sent. Check your answers and send them again.
nojs-file-questions-heading = About the problem
nojs-file-description-label = What happened
nojs-file-photos-heading = Photos
nojs-file-photos-body = Adding photos needs JavaScript. You can send your request without photos, or turn JavaScript on and start again to add them.
nojs-file-privacy-device = Nothing you enter here is kept on this device.
nojs-file-change = Change your answers
nojs-file-stopped-body = Your request is not filed twice, however often you press "Try again now". Try again now, or later, or call 12345.
nojs-file-refused-call = Call 12345 and ask whether your request arrived. Do not send it again here.
nojs-form-forged-title = This form was not sent
nojs-form-forged-body = For your security we did not take it: it did not come from this site's own page. Nothing was sent. Start again from the service's page.
nojs-form-forged-link = Go to the service's page
nojs-receipt-kept = This browser shows this receipt again only until you close it, so write the numbers down now.
## nojs-case: looking a case up and acting on it without JavaScript
case-form-expired = This page was open for a long time, so nothing was sent. Check what you entered and send it again.
case-form-refused = Nothing was done: the form you sent did not come from this website's page. Use the form on this page instead.
## nojs-controls: the header's choices without the app
settings-refused = This choice came from another website, so we did not keep it. Go back to our page and choose again there.
settings-unknown = Choose one of the languages or display modes our page offers, then send it again.

## nojsrest: My requests and the address without JavaScript
my-requests-browser-case-note = You sent or looked up this case in this browser. It is listed here until you close the browser.
nojs-field-error-address-required = Enter where it happened: the street and number, or a place nearby that people know
