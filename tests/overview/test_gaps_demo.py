"""The gap map rendered from the demo data, as a first visitor would see it."""

from django.core.cache import cache
from django.test import TestCase

from scoring.models import PlatformGrade
from tactics.demo.loader import load_demo_data
from tactics.models import Platform, Tactic
from tests.tactics.html_tree import find_all, parse, text

URL = "/evidence-gaps/"


class DemoGapMapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Loaded as the admin saves it: the grades come from the on-commit recompute.
        with cls.captureOnCommitCallbacks(execute=True):
            load_demo_data()

    def setUp(self):
        cache.clear()
        self.response = self.client.get(URL)
        self.tree = parse(self.response.content)

    def test_every_published_tactic_is_a_row_and_no_draft_is(self):
        self.assertEqual(self.response.status_code, 200)
        rows = find_all(find_all(self.tree, "table", cls="gaps-table")[0], "tr")
        self.assertEqual(len(rows) - 1, Tactic.objects.published().count())
        content = self.response.content.decode()
        for tactic in Tactic.objects.published():
            self.assertIn(f'href="{tactic.get_absolute_url()}"', content)
        drafts = Tactic.objects.exclude(pk__in=Tactic.objects.published())
        self.assertTrue(drafts.exists(), "the demo should include a draft")
        for tactic in drafts:
            self.assertNotIn(tactic.get_absolute_url(), content)

    def test_the_summary_counts_the_stored_platform_grades(self):
        published = Tactic.objects.published()
        pairs = published.count() * Platform.objects.count()
        graded = PlatformGrade.objects.filter(tactic__in=published).count()
        self.assertGreater(graded, 0)
        self.assertIn(
            f"{pairs - graded} of {pairs} tactic and platform pairs have no live test",
            text(self.tree),
        )

    def test_some_tactics_are_wanted_and_every_platform_is_listed(self):
        wanted = find_all(self.tree, "li", cls="gaps-wanted__item")
        raisable = [t for t in Tactic.objects.published() if t.assessment.would_raise]
        self.assertEqual(len(wanted), len(raisable))
        self.assertGreater(len(wanted), 0)
        reach = find_all(self.tree, "li", cls="gaps-reach__item")
        self.assertEqual(len(reach), Platform.objects.count())

    def test_lab_and_unnamed_evidence_have_their_columns(self):
        # The demo holds lab-only studies and sources naming no engine (test_demo_evidence).
        cells = find_all(self.tree, "td", cls="gaps-table__cell")
        lab = [c for c in cells if c.attrs["data-label"] == "Lab studies only"]
        unnamed = [c for c in cells if c.attrs["data-label"] == "No engine named"]
        self.assertTrue(any("gaps-table__cell--empty" not in c.classes for c in lab))
        self.assertTrue(any("gaps-table__cell--empty" not in c.classes for c in unnamed))
