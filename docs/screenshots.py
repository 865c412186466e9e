"""Screenshots of the main pages for the README: `make screenshots` (needs Debian's chromium).

Runs against a server that `make screenshots` starts on the demo database; signs in as the regional official.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8766"
OUT = Path(__file__).resolve().parent / "screenshots"
PAGES = [
    ("home", "/"),
    ("clusters", "/clusters/"),
    ("cluster", "/clusters/1/"),
    ("finance", "/finance/clusters/1/"),
    ("governance", "/governance/"),
    ("staff-coverage", "/staff/cluster/1/coverage/"),
    ("education", "/education/"),
    ("import", "/imports/"),
]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1366, "height": 860})
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_username", "region")
    page.fill("#id_password", "demo")
    page.click("button[type=submit]")
    OUT.mkdir(exist_ok=True)
    for name, path in PAGES:
        page.goto(BASE + path)
        page.screenshot(path=OUT / f"{name}.png")
        print(f"docs/screenshots/{name}.png")
    browser.close()
