"""Reading an issued invitation's page: its link and code, shown once."""

import re
from urllib.parse import urlsplit


def issued(response) -> tuple[str, str | None]:
    """(the link's path, the code) of an issued invitation or reset page."""
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:2000]
    link = re.search(r'<p class="slip-link">([^<]+)</p>', html).group(1)
    code = re.search(r"<p class=\"slip-code\" data-code>([^<]+)</p>", html)
    return urlsplit(link).path, code.group(1) if code else None


def invite(client, cooperative, **fields):
    """Post the invitation form; returns the response."""
    data = {"name": "Hoàng Văn Mới", "phone": "0987 111 222", "role": "member", **fields}
    return client.post(f"/auth/cooperatives/{cooperative.id}/invite", data=data)
