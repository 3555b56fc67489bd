"""The demo evidence as a reviewer reads it: who did each study, which engines it tested
(live or lab), what it found for each tactic, and the effect it reported.

These are facts about the data, checked on what the loader saved; grades are the scoring
engine's business and are tested there.
"""

from django.test import TestCase

from sources.choices import EffectKind, Method, OrganisationKind, Position, SourceType
from sources.models import Organisation, Source, Stance
from tactics.demo.data_sources_official import STATED
from tactics.demo.loader import SOURCES, load_demo_data

GOOGLE_GUIDE = "google-ai-optimization-guide"
GOOGLE_SURFACES = {"google-aio", "google-ai-mode"}

# Sources with neither a live platform nor a lab engine, and why: a reviewer must be able to
# see that the gap is a fact about the source, not a slip in the data.
NO_ENGINE_RECORDED = {
    "seranking-llms-txt": "live answers from LLMs the reports do not name",
    "trakkr-llms-txt": "domains cited in live AI answers, engines not named",
    "profound-250m-link-metrics": "eight answer engines the summaries do not name",
    "seer-best-geo-strategy": "an argument from the agency's own data, surfaces unknown",
    "beeby-clark-meyler-off-page": "an agency guide that tested nothing",
    "nobs-ai-visibility-2026": "a round-up of other studies that tested nothing itself",
}
LAB_ONLY = {"c-seo-bench", "what-gets-cited-2026"}
# The source is flagged second-hand for another figure; the effect it records is first-hand.
FIRST_HAND_EFFECT = {"ahrefs-schema-did"}
SECOND_HAND_WORDS = ("report", "secondary", "coverage", "accounts", "summar")

URL_TO_KEY = {source["url"]: source["key"] for source in SOURCES}


def key_of(source: Source) -> str:
    return URL_TO_KEY[source.url]


class DemoEvidenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        cls.sources = {
            key_of(source): source
            for source in Source.objects.select_related("organisation").prefetch_related(
                "platforms"
            )
        }

    def platforms(self, key: str) -> set[str]:
        return {platform.slug for platform in self.sources[key].platforms.all()}

    def positions(self, slug: str) -> list[str]:
        return list(Stance.objects.filter(tactic__slug=slug).values_list("position", flat=True))

    def test_every_source_names_its_engines_or_says_why_it_cannot(self):
        for key, source in self.sources.items():
            recorded = bool(self.platforms(key)) or bool(source.lab_engine)
            if key in NO_ENGINE_RECORDED:
                assert not recorded, f"{key} now records an engine: drop it from the list"
                # A controlled experiment always has an engine; only looser designs may lack one.
                assert source.method != Method.CONTROLLED, key
            else:
                assert recorded, f"{key} names no live platform and no lab engine"

    def test_lab_only_sources_are_the_simulated_benchmarks(self):
        lab_only = {key for key, source in self.sources.items() if source.is_lab_only}

        assert lab_only == LAB_ONLY
        for key in LAB_ONLY:
            assert "model" in self.sources[key].lab_engine.lower(), key

    def test_geo_bench_is_a_lab_engine_with_a_live_perplexity_check(self):
        geo = self.sources["geo-kdd-2024"]

        assert "GPT-3.5-turbo" in geo.lab_engine
        assert self.platforms("geo-kdd-2024") == {"perplexity"}
        assert geo.organisation.name == "Princeton University"
        assert geo.venue == "ACM SIGKDD (KDD 2024)"

    def test_opinion_pieces_list_no_live_platform_they_did_not_test(self):
        for key, source in self.sources.items():
            if source.method == Method.EXPERT_OPINION and source.source_type != SourceType.OFFICIAL:
                assert not self.platforms(key), key

    def test_every_source_has_an_organisation_and_no_organisation_is_unused(self):
        assert all(source.organisation_id for source in self.sources.values())
        unused = Organisation.objects.filter(sources__isnull=True)
        assert not unused.exists(), list(unused)

    def test_two_unrelated_arxiv_preprints_are_two_organisations(self):
        geo16 = self.sources["geo-16-audit"]
        cited = self.sources["what-gets-cited-2026"]

        assert geo16.venue == cited.venue == "arXiv"
        assert geo16.organisation_id != cited.organisation_id

    def test_one_organisation_behind_many_studies_is_one_row(self):
        ahrefs = {key for key, s in self.sources.items() if s.organisation.name == "Ahrefs"}

        assert len(ahrefs) == 7
        assert Organisation.objects.filter(name__icontains="ahrefs").count() == 1

    def test_only_tool_vendors_and_agencies_carry_the_vendor_flag(self):
        selling = {OrganisationKind.TOOL_VENDOR, OrganisationKind.AGENCY}
        for organisation in Organisation.objects.all():
            assert organisation.sells_related_product == (organisation.kind in selling), (
                organisation.name
            )
        flagged = set(
            Organisation.objects.filter(sells_related_product=True).values_list("name", flat=True)
        )
        assert {"Ahrefs", "SE Ranking", "Growth Marshal", "Seer Interactive"} <= flagged
        assert not flagged & {"Princeton University", "Google", "Pew Research Center"}

    def test_keyword_stuffing_is_found_to_lower_visibility(self):
        positions = self.positions("keyword-stuffing")

        assert Position.WORSENS in positions
        assert Position.IMPROVES not in positions

    def test_authoritative_tone_and_formatting_only_edits_found_no_effect(self):
        for slug in ("authoritative-tone", "formatting-only-edits"):
            positions = self.positions(slug)
            assert positions and set(positions) == {Position.NO_EFFECT}, slug

    def test_c_seo_bench_is_read_as_no_effect_for_every_rewrite_it_tested(self):
        rewrites = ["add-statistics", "add-quotations", "cite-sources", "authoritative-tone"]
        stances = Stance.objects.filter(
            source=self.sources["c-seo-bench"], tactic__slug__in=rewrites
        )

        assert stances.count() == len(rewrites)
        assert set(stances.values_list("position", flat=True)) == {Position.NO_EFFECT}

    def test_googles_guidance_is_an_official_statement_about_its_own_surfaces_only(self):
        guide = self.sources[GOOGLE_GUIDE]
        stances = Stance.objects.filter(source=guide).select_related("tactic")

        assert guide.source_type == SourceType.OFFICIAL
        assert guide.organisation.name == "Google"
        assert guide.organisation.kind == OrganisationKind.PLATFORM
        assert self.platforms(GOOGLE_GUIDE) == GOOGLE_SURFACES
        assert not guide.lab_engine and guide.live_tested_on is None
        assert all(stance.finding.startswith(STATED) for stance in stances)
        assert not any(stance.has_effect for stance in stances)
        by_tactic = {stance.tactic.slug: stance.position for stance in stances}
        assert by_tactic["llms-txt"] == Position.NO_EFFECT
        assert by_tactic["schema-markup-json-ld"] == Position.NO_EFFECT
        assert by_tactic["rank-well-in-classic-search"] == Position.IMPROVES

    def test_no_other_source_speaks_for_a_platform_as_its_owner(self):
        official = {key for key, s in self.sources.items() if s.source_type == SourceType.OFFICIAL}
        platforms = Organisation.objects.filter(kind=OrganisationKind.PLATFORM)

        assert official == {GOOGLE_GUIDE}
        assert list(platforms.values_list("name", flat=True)) == ["Google"]

    def test_every_reported_effect_says_what_it_measured_and_where_it_comes_from(self):
        with_effect = Stance.objects.filter(effect_value__isnull=False).select_related("source")

        assert with_effect.count() >= 12
        for stance in with_effect:
            assert stance.effect_measure and stance.effect_kind, stance
            assert len(stance.effect_quote) > 40, stance
            if stance.source.second_hand and key_of(stance.source) not in FIRST_HAND_EFFECT:
                quote = stance.effect_quote.lower()
                assert any(word in quote for word in SECOND_HAND_WORDS), stance

    def test_effect_signs_agree_with_what_the_source_found(self):
        signed = [EffectKind.RELATIVE, EffectKind.ABSOLUTE_PP, EffectKind.CORRELATION]
        for stance in Stance.objects.filter(effect_kind__in=signed, effect_value__isnull=False):
            if stance.position == Position.IMPROVES:
                assert stance.effect_value > 0, stance
            if stance.position == Position.WORSENS:
                assert stance.effect_value < 0, stance

    def test_effects_pass_the_models_own_checks(self):
        for stance in Stance.objects.filter(effect_value__isnull=False):
            stance.full_clean()

    def test_a_live_test_date_is_only_given_with_a_live_platform(self):
        for key, source in self.sources.items():
            if source.live_tested_on is not None:
                assert self.platforms(key), key
                assert source.published_on is None or source.live_tested_on <= source.published_on
