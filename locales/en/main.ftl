# English

app-name = Huiyin
app-tagline = 12345 citizen service hotline · One-stop online services
page-title = { $page } - Huiyin
skip-to-content = Skip to main content
nav-label = Main
nav-home = Home
nav-services = Services
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
error-not_found = We could not find what you asked for.
error-upstream_unavailable = The government service system cannot be reached right now. Try again later. Nothing you entered is lost.
error-upstream_timeout = The government service system is answering too slowly. Try again later.
error-upstream_invalid = The government service system sent an answer we could not read. Try again later.
error-validation_failed = Some answers need changing. Check the messages below.
error-idempotency_key_missing = The submission is missing its device key. Reload the page and submit again.
error-idempotency_key_reused = This submission clashes with an earlier one. Reload the page, check your answers and submit again.
error-submission_in_progress = Your request is being submitted. Please wait; there is no need to submit it again.
error-case_not_found = We could not find that case. Check the case number and the query code.
error-too_many_attempts = Too many wrong query codes. Try again in { $seconds } seconds.
error-action_not_allowed = That cannot be done with this case at its current stage.
error-rate_limited = Too many attempts in a short time. Try again in { $seconds } seconds.
error-payload_too_large = The file is too big. Choose a smaller photo.
error-unsupported_media_type = Photos must be JPEG, PNG or WebP.
error-image_too_large = The photo has too many pixels. Choose a smaller photo.
error-image_unreadable = That photo cannot be opened. Choose another one.
error-upstream_rejected = The government service system did not accept the submission. Check your answers.
error-network = Your connection dropped. Check it and try again.

field-error-required = Enter this information
field-error-too_short = This is too short. Add a few more words
field-error-too_long = This is too long. Shorten it
field-error-not_a_number = Enter a number
field-error-not_a_datetime = Enter a real date and time
field-error-not_an_option = Choose one of the options
field-error-invalid_phone = Enter a mobile or landline number, like 13812345678
field-error-invalid_email = Enter an email address, like name@example.com
field-error-invalid_location = The location is not valid. Locate again or enter an address
field-error-too_many = Too many items are chosen
field-error-consent_required = Read and agree to the privacy notice
field-error-out_of_range = Choose a value in the range
field-error-unknown = This question does not belong to the chosen service

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
