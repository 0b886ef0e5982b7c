"""The site in a real headless Chromium: every node present, search, details, folding, keyboard, the live server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import argmap
from argmap.site import LiveSite, build_site

from .chromium import chromium, console_errors, missing
from .conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(missing() is not None, reason=f"no headless browser: {missing()}")]

SEED_MAPS = sorted((ROOT / "maps").glob("*.json"))
WAIT = 10  # seconds any one wait may take


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    maps = [argmap.load(p) for p in SEED_MAPS]
    build_site(maps, out)
    return out, {m.id: m for m in maps}


def wait_until(browser, condition, message: str):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # A live refresh replaces elements while the condition looks at them: look again.
    ignored = (NoSuchElementException, StaleElementReferenceException)
    wait = WebDriverWait(browser, WAIT, poll_frequency=0.05, ignored_exceptions=ignored)
    return wait.until(lambda d: condition(d), message)


def open_page(browser, path: Path | str):
    url = path.as_uri() if isinstance(path, Path) else path
    browser.get(url)
    wait_until(browser, lambda d: d.execute_script("return document.readyState") == "complete", "page load")
    console_errors(browser)  # start each test with an empty console log


def by_node(browser, key: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, f'[data-node="{key}"]')


def card_of(browser, key: str):
    from selenium.webdriver.common.by import By

    return by_node(browser, key).find_element(By.CSS_SELECTOR, ":scope > .row > .card")


def details_text(browser) -> str:
    return browser.execute_script("return document.getElementById('details-body').innerText")


def first_with_children_and_quote(m):
    for visit in m.walk():
        if visit.parent is not None and visit.node.children and visit.node.quote is not None:
            return visit.node
    raise AssertionError(f"map {m.id} has no answered, quoted node below the claim")


def test_every_node_of_every_seed_map_has_its_element(browser, site):
    out, maps = site
    for map_id, m in maps.items():
        open_page(browser, out / f"{map_id}.html")
        keys = browser.execute_script(
            "return Array.from(document.querySelectorAll('[data-node]'), e => e.getAttribute('data-node'))"
        )
        assert keys == [f"{map_id}:{visit.node.id}" for visit in m.walk()]
        # Each shows its text, and a kind and side.
        for visit in list(m.walk())[:5]:
            card = card_of(browser, f"{map_id}:{visit.node.id}")
            assert visit.node.text in card.text
        assert console_errors(browser) == []


def test_search_marks_matches_and_unfolds_their_branches(browser, site):
    from selenium.webdriver.common.by import By

    out, maps = site
    m = maps["ukraine-never-in-nato"]
    open_page(browser, out / f"{m.id}.html")
    browser.find_element(By.ID, "collapse-all").click()
    browser.find_element(By.ID, "q").send_keys("ryabkov")

    def hay(node):
        parts = [node.text, node.speaker or "", node.quote.text if node.quote else ""]
        return " ".join(parts).lower()

    expected = {f"{m.id}:{v.node.id}" for v in m.walk() if "ryabkov" in hay(v.node)}
    assert expected, "the seed map quotes Ryabkov"
    wait_until(
        browser,
        lambda d: (
            {e.get_attribute("data-node") for e in d.find_elements(By.CSS_SELECTOR, '[data-match="true"]')} == expected
        ),
        "the matching nodes are marked",
    )
    for key in expected:
        assert by_node(browser, key).is_displayed()
    assert "match" in browser.find_element(By.ID, "status").text
    assert console_errors(browser) == []


def test_a_click_shows_the_quote_in_its_source(browser, site):
    from selenium.webdriver.common.by import By

    out, maps = site
    m = maps["ukraine-never-in-nato"]
    node = first_with_children_and_quote(m)
    open_page(browser, out / f"{m.id}.html")
    card_of(browser, f"{m.id}:{node.id}").click()
    wait_until(browser, lambda d: node.text in details_text(d), "details show the node")
    text = " ".join(details_text(browser).split())
    assert " ".join(node.quote.text.split()) in text
    assert m.sources[node.quote.source].title in text
    mark = browser.find_element(By.CSS_SELECTOR, "#details .context mark").text
    assert " ".join(mark.split()) == " ".join(node.quote.text.split())
    assert by_node(browser, f"{m.id}:{node.id}").get_attribute("aria-selected") == "true"
    assert browser.find_element(By.ID, "details").get_attribute("aria-live") == "polite"
    assert console_errors(browser) == []


def test_collapse_hides_the_subtree_and_unfold_shows_it(browser, site):
    from selenium.webdriver.common.by import By

    out, maps = site
    m = maps["ukraine-never-in-nato"]
    node = first_with_children_and_quote(m)
    open_page(browser, out / f"{m.id}.html")
    item = by_node(browser, f"{m.id}:{node.id}")
    toggle = item.find_element(By.CSS_SELECTOR, ":scope > .row > .fold")
    child = by_node(browser, f"{m.id}:{node.children[0].id}")
    assert child.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert item.get_attribute("aria-expanded") == "false"
    assert not child.is_displayed()
    assert item.is_displayed()
    toggle.click()
    assert child.is_displayed()
    assert console_errors(browser) == []


def test_tab_reaches_nodes_enter_opens_details_arrows_move(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    out, maps = site
    m = maps["ukraine-never-in-nato"]
    open_page(browser, out / f"{m.id}.html")
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    active = None
    for _ in range(40):  # bounded: the controls before the tree are fewer than this
        browser.switch_to.active_element.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if active.get_attribute("data-node"):
            break
    assert active is not None and active.get_attribute("data-node") == f"{m.id}:{m.claim.id}"
    active.send_keys(Keys.ENTER)
    wait_until(browser, lambda d: m.claim.text in details_text(d), "Enter opens the claim's details")
    active.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("data-node") == f"{m.id}:{m.claim.children[0].id}"
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert browser.switch_to.active_element.get_attribute("data-node") == f"{m.id}:{m.claim.id}"
    # Tab goes on to the next node: every node is a stop.
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("data-node") == f"{m.id}:{m.claim.children[0].id}"
    # Left folds the claim; Right unfolds it.
    claim = by_node(browser, f"{m.id}:{m.claim.id}")
    claim.send_keys(Keys.ARROW_LEFT)  # from the child: to its parent
    claim.send_keys(Keys.ARROW_LEFT)
    assert claim.get_attribute("aria-expanded") == "false"
    claim.send_keys(Keys.ARROW_RIGHT)
    assert claim.get_attribute("aria-expanded") == "true"
    assert console_errors(browser) == []


def test_filters_hide_a_side_and_its_answers(browser, site):
    from selenium.webdriver.common.by import By

    out, maps = site
    m = maps["ukraine-never-in-nato"]
    open_page(browser, out / f"{m.id}.html")
    side = next(v.node.side for v in m.walk() if v.parent is not None and v.node.side != m.claim.side)
    browser.find_element(By.CSS_SELECTOR, f'.filter input[name="side"][value="{side}"]').click()
    for visit in m.walk():
        if visit.parent is not None and visit.node.side == side:
            assert not by_node(browser, f"{m.id}:{visit.node.id}").is_displayed()
    assert by_node(browser, f"{m.id}:{m.claim.id}").is_displayed()
    browser.find_element(By.CSS_SELECTOR, '.filter input[name="kind"][value="premise"]').click()
    premise = next(v.node for v in m.walk() if v.node.kind.value == "premise")
    assert not by_node(browser, f"{m.id}:{premise.id}").is_displayed()
    assert console_errors(browser) == []


def test_a_cross_link_opens_the_other_maps_node(browser, site):
    from selenium.webdriver.common.by import By

    out, maps = site
    source_map, node, link = next(
        (m, v.node, link)
        for m in maps.values()
        for v in m.walk()
        for link in (*v.node.supports, *v.node.attacks)
        if ":" in link
    )
    target_map, _, target_node = link.rpartition(":")
    open_page(browser, out / f"{source_map.id}.html")
    card_of(browser, f"{source_map.id}:{node.id}").click()
    anchor = browser.find_element(By.CSS_SELECTOR, f'#details a[href="{target_map}.html#node-{target_node}"]')
    anchor.click()
    wait_until(
        browser,
        lambda d: d.switch_to.active_element.get_attribute("data-node") == f"{target_map}:{target_node}",
        "the linked node is focused on the other page",
    )
    target_text = next(v.node.text for v in maps[target_map].walk() if v.node.id == target_node)
    wait_until(browser, lambda d: target_text in details_text(d), "and its details are shown")
    assert console_errors(browser) == []


def test_the_diagram_pans_zooms_and_opens_details(browser, site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    out, maps = site
    m = maps["ukraine-never-in-nato"]
    open_page(browser, out / f"{m.id}.html")
    if not browser.find_elements(By.CSS_SELECTOR, "[data-view=diagram]"):
        pytest.skip("the site was built without a diagram (no dot)")
    browser.find_element(By.CSS_SELECTOR, "[data-view=diagram]").click()
    svg = browser.find_element(By.CSS_SELECTOR, ".viewport svg")
    before = svg.get_dom_attribute("viewBox")
    browser.find_element(By.CSS_SELECTOR, "[data-zoom=in]").click()
    zoomed = svg.get_dom_attribute("viewBox")
    assert float(zoomed.split()[2]) < float(before.split()[2])
    viewport = browser.find_element(By.CSS_SELECTOR, ".viewport")
    ActionChains(browser).move_to_element(viewport).click_and_hold().move_by_offset(60, 30).release().perform()
    panned = svg.get_dom_attribute("viewBox")
    assert panned.split()[:2] != zoomed.split()[:2] and panned.split()[2:] == zoomed.split()[2:]
    browser.find_element(By.CSS_SELECTOR, "[data-zoom=reset]").click()
    node = m.claim.children[0]
    group = browser.find_element(By.CSS_SELECTOR, f'g.node[data-id="{node.id}"]')
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", group)
    wait_until(browser, lambda d: node.text in details_text(d), "a diagram node opens its details")
    assert "selected" in group.get_dom_attribute("class")
    assert console_errors(browser) == []


CHECK_A11Y = r"""
const problems = [];
const landmarks = ['header', 'main', 'nav', 'footer'];
for (const tag of landmarks) if (!document.querySelector(tag)) problems.push('no <' + tag + '> landmark');
if (!document.documentElement.lang) problems.push('no lang on <html>');
if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
for (const input of document.querySelectorAll('input, select, textarea')) {
  const named = (input.id && document.querySelector('label[for="' + input.id + '"]')) || input.closest('label')
    || input.getAttribute('aria-label') || input.getAttribute('aria-labelledby');
  if (!named) problems.push('unlabelled ' + input.outerHTML.slice(0, 60));
}
for (const el of document.querySelectorAll('button, a[href], [role=treeitem], [role=group], [tabindex]')) {
  const name = el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') &&
    el.getAttribute('aria-labelledby').split(' ').map(id => (document.getElementById(id) || {}).textContent || '')
    .join('')) || el.textContent;
  if (!name || !name.trim()) problems.push('no accessible name: ' + el.outerHTML.slice(0, 80));
}
const ids = {};
for (const el of document.querySelectorAll('[id]')) {
  if (el.closest('svg')) continue;
  if (ids[el.id]) problems.push('duplicate id ' + el.id);
  ids[el.id] = true;
}
function rgb(text) { const m = text.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; }
function lum(c) {
  const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function background(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) return c;
  }
  return [255, 255, 255];
}
let checked = 0;
for (const el of document.querySelectorAll('body *')) {
  if (el.closest('svg') || !el.offsetParent) continue;
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const style = getComputedStyle(el);
  const fg = lum(rgb(style.color)), bg = lum(background(el));
  const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
  checked++;
  const what = el.textContent.trim().slice(0, 40);
  if (ratio < (large ? 3 : 4.5)) problems.push('contrast ' + ratio.toFixed(2) + ': ' + what);
}
if (!checked) problems.push('no text checked');
return problems;
"""


def test_landmarks_labels_and_contrast(browser, site):
    out, maps = site
    for page in ["index.html", *(f"{map_id}.html" for map_id in maps)]:
        open_page(browser, out / page)
        assert browser.execute_script(CHECK_A11Y) == [], page
    assert console_errors(browser) == []


def test_the_bounded_nav_of_a_debate_of_many_maps_is_accessible_and_leads_where_it_says(browser, tmp_path):
    from selenium.webdriver.common.by import By

    from argmap.site.build import NAV_ALL_LIMIT, NAV_LINKED_LIMIT

    from .test_site_many_maps import _map

    count = NAV_ALL_LIMIT + NAV_LINKED_LIMIT + 10
    hub = count - 1
    maps = [_map(n) for n in range(hub)]
    maps.append(_map(hub, attacks=[f"m{n:03}:c" for n in range(NAV_LINKED_LIMIT + 3)]))
    build_site(maps, tmp_path, root=tmp_path, diagrams=False)
    for page in ("index.html", "m005.html", f"m{hub:03}.html"):
        open_page(browser, tmp_path / page)
        assert browser.execute_script(CHECK_A11Y) == [], page
    nav = browser.find_element(By.CSS_SELECTOR, "nav[aria-label='Maps of the debate']")
    assert nav.find_element(By.CSS_SELECTOR, "[aria-current=page]").text == f"Map {hub}"
    nav.find_element(By.LINK_TEXT, "and 3 more").click()
    wait_until(browser, lambda d: d.current_url.endswith("index.html#links-h"), "'and 3 more' opens the index")
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.map-card")) == count
    assert console_errors(browser) == []


# ---- the live server ------------------------------------------------------------------------------


@pytest.fixture
def live_project(project):
    for path in SEED_MAPS:
        shutil.copy(path, project / "maps" / path.name)
    return project


def test_serve_updates_the_open_page_shows_problems_and_recovers(browser, live_project):
    from selenium.webdriver.common.by import By

    path = live_project / "maps" / SEED_MAPS[3].name
    original = path.read_text(encoding="utf-8")
    m = argmap.load(path)
    node = m.claim.children[0]
    with LiveSite([live_project / "maps"], port=0, diagrams=False) as live:
        assert live.url.startswith("http://127.0.0.1:")
        open_page(browser, f"{live.url}{m.id}.html")
        browser.execute_script("window.__notReloaded = true")
        wait_until(browser, lambda d: d.execute_script("return !!window.__notReloaded"), "marker set")
        browser.find_element(By.ID, "q").send_keys("edited")
        wait_until(
            browser,
            lambda d: d.execute_script("return document.documentElement.dataset.live") == "connected",
            "the page's event stream is connected",
        )

        doc = json.loads(original)
        doc["claim"]["children"][0]["text"] = "Edited while the page was open."
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
        wait_until(
            browser,
            lambda d: card_of(d, f"{m.id}:{node.id}").text.find("Edited while the page was open.") >= 0,
            "the edit appears in the open page",
        )
        assert browser.execute_script("return window.__notReloaded") is True
        # The reader's search survives the update and marks the edited node.
        assert browser.find_element(By.ID, "q").get_attribute("value") == "edited"
        wait_until(
            browser,
            lambda d: by_node(d, f"{m.id}:{node.id}").get_attribute("data-match") == "true",
            "the search is applied to the new page",
        )

        path.write_text(original.replace('"kind": "premise"', '"kind": "premis"', 1), encoding="utf-8")
        problems = browser.find_element(By.ID, "problems")
        wait_until(browser, lambda d: problems.is_displayed(), "the problems replace the view")
        assert "error[schema]" in problems.text and path.name in problems.text
        assert not browser.find_element(By.ID, "main").is_displayed()

        path.write_text(original, encoding="utf-8")
        wait_until(browser, lambda d: not d.find_element(By.ID, "problems").is_displayed(), "problems go")
        wait_until(
            browser,
            lambda d: card_of(d, f"{m.id}:{node.id}").text.find(node.text) >= 0,
            "the fixed map is shown",
        )
        assert browser.execute_script("return window.__notReloaded") is True
        assert console_errors(browser) == []
        browser.get("about:blank")  # close the event stream before the server stops
