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
error-network = Your connection dropped. Check it and try again.
