"""The sandbox seen from outside: a third-party Open311 client (PyPI `georeport`) reads it,
and every JSON answer validates against the Open311 project's own JSON Schemas (a copy in
sandbox/tests/open311-schema). Run by `cargo xtask test` against a standalone sandbox, once
in full and once in plain mode (`--plain`: no extensions, a paged catalogue).

Environment: SANDBOX_URL (base URL), SANDBOX_API_KEY, OPEN311_SCHEMA_DIR, SANDBOX_PLAIN (1/0).
"""

import datetime
import json
import os
import pathlib
import unittest

import requests
from georeport import GeoReport
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

BASE = os.environ["SANDBOX_URL"].rstrip("/")
API_KEY = os.environ["SANDBOX_API_KEY"]
SCHEMA_DIR = pathlib.Path(os.environ["OPEN311_SCHEMA_DIR"])
TIMEOUT = 10
PLAIN = os.environ.get("SANDBOX_PLAIN") == "1"


def _registry():
    resources = []
    for name in ("services", "service", "service-definition", "requests", "request"):
        schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text())
        resources.append((f"{name}.json", Resource.from_contents(schema, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validate(schema_name, document):
    schema = REGISTRY.contents(schema_name)
    validator = Draft7Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    if errors:
        raise AssertionError(
            f"{schema_name}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
        )


def get_json(path, **params):
    response = requests.get(f"{BASE}/{path}", params=params, timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()


def all_services(**params):
    """Every page of services.json: a plain server says where the next is (X-Next-Page-URL)."""
    services = []
    url = f"{BASE}/services.json"
    for _ in range(50):
        response = requests.get(url, params=params, timeout=TIMEOUT)
        response.raise_for_status()
        page = response.json()
        validate("services.json", page)
        services.extend(page)
        url = response.headers.get("X-Next-Page-URL")
        params = None
        if not url:
            return services
    raise AssertionError("services.json has more than 50 pages")


def answer_for(attribute):
    """A valid value for an attribute of the given datatype."""
    datatype = attribute["datatype"]
    if datatype in ("singlevaluelist", "multivaluelist"):
        return attribute["values"][0]["key"]
    if datatype == "number":
        return "3"
    if datatype == "datetime":
        return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    return "conformance test"


def file_request(service_code):
    """POST a request with every required attribute filled, as a form."""
    service = next(s for s in all_services() if s["service_code"] == service_code)
    definition = get_json(f"services/{service_code}.json") if service["metadata"] else {"attributes": []}
    form = [
        ("api_key", API_KEY),
        ("service_code", service_code),
        ("lat", "31.2304"),
        ("long", "121.4737"),
        ("description", "Conformance test request"),
    ]
    for attribute in definition["attributes"]:
        if attribute.get("variable", True) and attribute["required"]:
            key = f"attribute[{attribute['code']}]"
            if attribute["datatype"] == "multivaluelist":
                key += "[]"
            form.append((key, answer_for(attribute)))
    response = requests.post(f"{BASE}/requests.json", data=form, timeout=TIMEOUT)
    if response.status_code not in (200, 201):
        raise AssertionError(f"POST requests.json answered {response.status_code}: {response.text}")
    created = response.json()
    return created[0].get("service_request_id") or created[0].get("token")


class ThirdPartyClient(unittest.TestCase):
    """georeport 0.3.1 knows nothing of this project: if it reads us, so can a city's tools."""

    def test_reads_the_service_list_in_json_and_xml(self):
        services = GeoReport(BASE).get_service_list()
        # georeport reads one page; a plain server's first page is smaller than the catalogue.
        self.assertGreaterEqual(len(services), 8 if PLAIN else 12)
        xml_services = GeoReport(BASE, output_format="xml").get_service_list()
        self.assertEqual(
            [s["service_code"] for s in services],
            [s["service_code"] for s in xml_services],
        )

    def test_reads_a_service_definition(self):
        services = GeoReport(BASE).get_service_list()
        with_metadata = [s for s in services if s["metadata"]]
        self.assertTrue(with_metadata, "some service has attributes")
        code = with_metadata[0]["service_code"]
        definition = GeoReport(BASE).get_service_definition(code)
        self.assertEqual(definition["service_code"], code)
        self.assertTrue(definition["attributes"])
        xml_definition = GeoReport(BASE, output_format="xml").get_service_definition(code)
        self.assertEqual(xml_definition["service_code"], code)

    def test_reads_back_a_posted_request(self):
        code = GeoReport(BASE).get_service_list()[0]["service_code"]
        request_id = file_request(code)
        one = GeoReport(BASE).get_service_request(request_id)
        self.assertEqual(one["service_request_id"], request_id)
        self.assertEqual(one["service_code"], code)
        self.assertEqual(one["status"], "open")
        listed = GeoReport(BASE).get_service_requests(service_request_id=request_id)
        self.assertEqual([r["service_request_id"] for r in listed], [request_id])
        xml_one = GeoReport(BASE, output_format="xml").get_service_request(request_id)
        self.assertEqual(xml_one["service_request_id"], request_id)


class JsonSchemas(unittest.TestCase):
    """Every JSON endpoint's answer against the Open311 project's schemas."""

    def test_services(self):
        for locale in ("zh-CN", "zh-TW", "en"):
            validate("services.json", get_json("services.json", locale=locale))
            self.assertGreaterEqual(len(all_services(locale=locale)), 12)

    def test_every_service_definition(self):
        for service in all_services():
            if service["metadata"]:
                with self.subTest(service=service["service_code"]):
                    validate("service-definition.json", get_json(f"services/{service['service_code']}.json"))

    def test_requests_and_one_request(self):
        code = get_json("services.json")[0]["service_code"]
        request_id = file_request(code)
        validate("requests.json", get_json("requests.json"))
        validate("requests.json", get_json("requests.json", extensions="true"))
        validate("requests.json", get_json(f"requests/{request_id}.json"))
        validate("requests.json", get_json(f"requests/{request_id}.json", extensions="true"))
        validate("requests.json", get_json("requests.json", status="open", service_code=code))

    def test_a_request_of_every_service_validates(self):
        for service in all_services():
            with self.subTest(service=service["service_code"]):
                request_id = file_request(service["service_code"])
                validate("request.json", get_json(f"requests/{request_id}.json")[0])


ERRORS_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string", "minLength": 1}},
    },
}


@unittest.skipUnless(PLAIN, "plain mode only")
class PlainMode(unittest.TestCase):
    """A GeoReport v2 city without Huiyin's extensions, as third-party servers are."""

    def test_the_catalogue_is_paged_with_a_count_and_a_next_link(self):
        response = requests.get(f"{BASE}/services.json", timeout=TIMEOUT)
        total = int(response.headers["X-Result-Count"])
        self.assertLess(len(response.json()), total)
        self.assertIn("page=2", response.headers["X-Next-Page-URL"])
        self.assertEqual(len(all_services()), total)
        for service in all_services():
            self.assertNotIn("time_limit_days", service)
            self.assertNotIn("common_rank", service)
        self.assertTrue(any(not s["metadata"] for s in all_services()))

    def test_no_extensions_even_when_asked(self):
        request_id = file_request(all_services()[0]["service_code"])
        self.assertFalse(request_id.isdigit(), "ids are not numbers")
        one = get_json(f"requests/{request_id}.json", extensions="true")[0]
        self.assertNotIn("extended_attributes", one)
        self.assertNotIn("notes", one)
        action = requests.post(
            f"{BASE}/requests/{request_id}/urge.json", data={"api_key": API_KEY}, timeout=TIMEOUT
        )
        self.assertEqual(action.status_code, 404)

    def test_refusals_explain_themselves_in_the_error_array(self):
        missing = requests.post(f"{BASE}/requests.json", data={"api_key": API_KEY}, timeout=TIMEOUT)
        self.assertEqual(missing.status_code, 400)
        Draft7Validator(ERRORS_SCHEMA).validate(missing.json())
        unplaced = requests.post(
            f"{BASE}/requests.json",
            data={"api_key": API_KEY, "service_code": "streetlight-out",
                  "address_string": "not read by this server", "description": "dark"},
            timeout=TIMEOUT,
        )
        self.assertEqual(unplaced.status_code, 500)
        Draft7Validator(ERRORS_SCHEMA).validate(unplaced.json())
        self.assertIn("lat and long", unplaced.json()[0]["description"])


if __name__ == "__main__":
    unittest.main()
