import json

import pytest

from fusee.content.understanding.evaluate import (
    SAMPLES,
    default_k,
    even_split_score,
    labels_from_starts,
    pk,
    sample_names,
    score_sample,
    window_diff,
)

# Reference: one boundary after unit 2; hypothesis: one boundary after unit 1, k = 2 (4 windows).
#   Pk pairs (0,2) (1,3) (2,4) (3,5): same/same? ref S D D S, hyp D D S S -> 2 errors of 4.
#   WindowDiff boundary counts ref 0 1 1 0, hyp 1 1 0 0 -> 2 errors of 4.
NEAR_MISS = ([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 1])
# Reference: one boundary after unit 3; hypothesis: the same plus one after unit 2, k = 3 (5 windows).
#   Pk pairs (0,3) (1,4) (2,5) (3,6) (4,7): ref S D D D S, hyp D D D D S -> 1 error of 5.
#   WindowDiff counts ref 0 1 1 1 0, hyp 1 2 2 1 0 -> 3 errors of 5: it sees the extra boundary.
EXTRA_BOUNDARY = ([0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 2, 2, 2, 2])


def test_it_computes_pk_and_windowdiff_by_hand_on_a_near_miss():
    reference, hypothesis = NEAR_MISS
    assert pk(reference, hypothesis, k=2) == 0.5
    assert window_diff(reference, hypothesis, k=2) == 0.5


def test_windowdiff_penalises_an_extra_boundary_that_pk_overlooks():
    reference, hypothesis = EXTRA_BOUNDARY
    assert pk(reference, hypothesis, k=3) == pytest.approx(0.2)
    assert window_diff(reference, hypothesis, k=3) == pytest.approx(0.6)


def test_a_perfect_segmentation_scores_zero_and_the_default_window_is_half_a_segment():
    reference = [0, 0, 0, 0, 1, 1, 1, 1]
    assert default_k(reference) == 2
    assert pk(reference, reference) == window_diff(reference, reference) == 0.0


def test_it_refuses_segmentations_of_different_lengths_or_a_window_too_wide():
    with pytest.raises(ValueError, match="different lengths: 3 and 2"):
        window_diff([0, 0, 1], [0, 0])
    with pytest.raises(ValueError, match="window k=3"):
        pk([0, 0, 1], [0, 1, 1], k=3)


def test_it_turns_section_starts_into_labels():
    assert labels_from_starts([0, 3], 5) == [0, 0, 0, 1, 1]
    assert labels_from_starts([2], 4) == [0, 0, 1, 1]


@pytest.mark.parametrize("name", ["webinar-pipeline.en", "nurturing-b2b.fr"])
def test_each_sample_comes_with_its_text_without_headings_and_its_known_sections(name):
    sidecar = json.loads((SAMPLES / f"{name}.sections.json").read_text(encoding="utf-8"))
    marked = (SAMPLES / f"{name}.md").read_text(encoding="utf-8").split("\n\n")
    paragraphs = [p.strip() for p in marked if p.strip() and not p.startswith("#")]
    headings = [p[3:].strip() for p in marked if p.startswith("## ")]
    plain = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").strip().split("\n\n")
    assert plain == paragraphs
    assert [s["title"] for s in sidecar["sections"]] == headings
    for section in sidecar["sections"]:
        assert plain[section["first_paragraph"]].startswith(section["starts_with"])
    assert 1_500 <= sum(len(p.split()) for p in paragraphs) <= 2_500


# Measured with the current segmenter (6 sections for these ~1,550-word samples, as they have):
# WindowDiff 0.119 (fr) and 0.222 (en); the first segmenter (5 sections) scored 0.310 and 0.311.
# For scale: an even split into the known 6 sections scores 0.381 (fr) and 0.200 (en), a
# segmentation that ignores the text ~0.5, one that misses a single boundary of six ~0.15. The
# bounds leave room for small changes in the libraries and fail on a segmenter that stops
# following the topics (a shuffled or fixed-size split scores 0.4–0.6 on these).
WINDOW_DIFF_EACH, WINDOW_DIFF_MEAN = 0.40, 0.35


def test_the_segmenter_finds_the_known_sections_of_the_samples():
    scores = {name: score_sample(name) for name in sample_names()}
    assert set(scores) == {"webinar-pipeline.en", "nurturing-b2b.fr"}
    for name, score in scores.items():
        assert score["window_diff"] <= WINDOW_DIFF_EACH, (name, score)
        assert score["pk"] <= WINDOW_DIFF_EACH, (name, score)
        assert 5 <= score["sections"] <= 8
    assert sum(s["window_diff"] for s in scores.values()) / len(scores) <= WINDOW_DIFF_MEAN


def test_the_even_split_baseline_uses_the_known_number_of_sections():
    score = even_split_score("webinar-pipeline.en")
    assert 0 < score["window_diff"] < 0.5
