"""Scan recording's pure parts: device classes from the User-Agent, the per-day visitor hash."""

from datetime import UTC, date, datetime

import pytest

from app.clock import local_day
from app.scans.services import device_class, network_hash, visitor_hash

UAS = {
    "phone": [
        "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
        "Mozilla/5.0 (Linux; U; Android 10; vi-vn; Redmi 9A) Zalo/22.09 Mobile Safari",
    ],
    "tablet": [
        "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 12; SM-X200) AppleWebKit/537.36 Chrome/119.0 Safari/537.36",
    ],
    "desktop": [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Version/17.1 Safari",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    ],
    "bot": [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "WhatsApp/2.23.20.0 A",
        "Zalo",
        "TelegramBot (like TwitterBot)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    ],
    "other": ["", "SomethingElse/1.0"],
}


@pytest.mark.parametrize("expected,ua", [(k, ua) for k, uas in UAS.items() for ua in uas])
def test_device_classes(expected, ua):
    assert device_class(ua) == expected


def test_the_visitor_hash_holds_within_a_day_and_not_across_days():
    day = date(2026, 7, 20)
    one = visitor_hash("s", day, "203.113.152.71", "UA")
    assert one == visitor_hash("s", day, "203.113.152.71", "UA")
    assert one != visitor_hash("s", date(2026, 7, 21), "203.113.152.71", "UA")
    assert one != visitor_hash("s", day, "203.113.152.72", "UA")
    assert one != visitor_hash("other secret", day, "203.113.152.71", "UA")
    assert len(one) == 64


def test_the_day_is_vietnamese():
    assert local_day(datetime(2026, 7, 20, 17, 30, tzinfo=UTC)) == date(2026, 7, 21)
    assert local_day(datetime(2026, 7, 20, 16, 59, tzinfo=UTC)) == date(2026, 7, 20)


def test_the_network_hash_is_the_ipv4_address_or_the_ipv6_64_of_a_day():
    day = date(2026, 7, 20)
    one = network_hash("s", day, "203.113.152.71")
    assert one == network_hash("s", day, "::ffff:203.113.152.71")  # the same address
    assert one != network_hash("s", day, "203.113.152.72")
    assert one != network_hash("s", date(2026, 7, 21), "203.113.152.71")
    assert one != visitor_hash("s", day, "203.113.152.71", "")
    six = network_hash("s", day, "2001:db8:1:2::1")
    assert six == network_hash("s", day, "2001:db8:1:2:aaaa:bbbb:cccc:dddd")
    assert six != network_hash("s", day, "2001:db8:1:3::1")
    assert network_hash("s", day, None) == network_hash("s", day, "")
