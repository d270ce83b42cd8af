"""Drives the Python client generated from openapi/openapi.json by openapi-python-client
against a running service. tests/api/clients.rs generates the client as the package
`c2c_client` in a temporary directory (first on sys.path) and runs this script there. It prints
one JSON line with what it saw; the Rust test checks it."""

import json
import os
import sys
from http import HTTPStatus
from uuid import UUID

from c2c_client import AuthenticatedClient, Client
from c2c_client.api.auth import login
from c2c_client.api.catalogues import (
    get_cluster_catalogue,
    get_cluster_catalogue_csv,
    get_cluster_catalogue_vcf,
    get_cluster_catalogue_xlsx,
)
from c2c_client.api.clusters import get_cluster, list_clusters
from c2c_client.api.members import list_members
from c2c_client.models import CatalogueFormat, LoginRequest, PageCatalogueEntry, PageMember
from c2c_client.types import UNSET, File

base = os.environ["C2C_BASE"]
anonymous = Client(base_url=base, raise_on_unexpected_status=True)
tokens = login.sync(
    client=anonymous,
    body=LoginRequest(email=os.environ["C2C_EMAIL"], password=os.environ["C2C_PASSWORD"]),
)
client = AuthenticatedClient(base_url=base, token=tokens.access_token, raise_on_unexpected_status=True)

# A paged list, following the cursor to the end.
members, pages, cursor = [], 0, UNSET
while True:
    page = list_members.sync(client=client, limit=5, cursor=cursor)
    assert isinstance(page, PageMember), page
    members += [m.legal_name for m in page.items]
    pages += 1
    # Always there (a required, nullable field): `None` on the last page, never `Unset`.
    if page.next_cursor is None:
        break
    cursor = page.next_cursor

# A conditional GET: the ETag of the first answer makes the second a 304.
cluster = list_clusters.sync(client=client, slug="lombardia-aerospace-cluster").items[0]
first = get_cluster.sync_detailed(id=UUID(str(cluster.id)), client=client)
etag = first.headers["etag"]
again = get_cluster.sync_detailed(id=UUID(str(cluster.id)), client=client, if_none_match=etag)


# The catalogue in every format the contract offers: each export operation with how its
# answer is read from the generated client. Add an entry per new export operation.
def catalogue_json():
    r = get_cluster_catalogue.sync_detailed(id=UUID(str(cluster.id)), client=client, format_=CatalogueFormat.JSON, limit=500)
    assert isinstance(r.parsed, PageCatalogueEntry), r.parsed
    return json.dumps([e.company.legal_name for e in r.parsed.items]), r.headers["content-type"]


def catalogue_file(operation, binary=False):
    """A per-format operation: its answer is the file's bytes (the client does not parse it);
    a workbook is reported by its first four bytes."""
    def fetch():
        r = operation.sync_detailed(id=UUID(str(cluster.id)), client=client)
        assert r.status_code == HTTPStatus.OK, r
        if binary:
            assert isinstance(r.parsed, File), r.parsed
            text = r.parsed.payload.read(4).hex()
        else:
            assert isinstance(r.parsed, str), r.parsed
            text = r.parsed
        return text, r.headers["content-type"]
    return fetch


EXPORTS = {
    "json": catalogue_json,
    "csv": catalogue_file(get_cluster_catalogue_csv),
    "vcf": catalogue_file(get_cluster_catalogue_vcf),
    "xlsx": catalogue_file(get_cluster_catalogue_xlsx, binary=True),
}
files = {}
for name, fetch in EXPORTS.items():
    text, media_type = fetch()
    files[name] = {"text": text, "type": media_type}

print(json.dumps({
    "members": members,
    "pages": pages,
    "etag": etag,
    "first_status": int(first.status_code),
    "conditional_status": int(again.status_code),
    "files": files,
}))
