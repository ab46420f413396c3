"""examples/tiny_rps: the dataset is deterministic and follows the recipe,
the font is never substituted, the host renderer matches the firmware's
generator, and a tiny train -> export -> evaluate run produces programs that
Wick runs like PyTorch. (The full-size run and its accuracy checks are
`./wick demo`; the game on the M55 is tests/platform/test_tiny_rps_game.py.)"""

import json
import pathlib
import sys

import numpy as np
import pytest
import torch

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "examples"))

glyphs = pytest.importorskip("tiny_rps.glyphs")
if not glyphs.FONT_PATH.is_file():
    pytest.skip(f"{glyphs.FONT_PATH} missing (Debian package fonts-dejavu-core)", allow_module_level=True)

from tiny_rps import dataset, evaluate, export, render, train  # noqa: E402


@pytest.fixture(scope="module")
def masks():
    return glyphs.glyph_masks()


def test_missing_font_is_an_error_not_a_fallback(monkeypatch, tmp_path):
    monkeypatch.setattr(glyphs, "FONT_PATH", tmp_path / "absent.ttf")
    with pytest.raises(glyphs.FontMissing, match="fonts-dejavu-core"):
        glyphs.glyph_masks()
    assert glyphs.main(["--header", str(tmp_path / "g.h")]) == 1
    assert not (tmp_path / "g.h").exists()


def test_glyphs_cover_each_letter_at_every_size_inside_the_canvas(masks):
    assert masks.shape == (3, 7, 28, 28)
    for letter in masks:
        heights = []
        for mask in letter:
            rows = np.nonzero(mask.max(1))[0]
            cols = np.nonzero(mask.max(0))[0]
            # room for the +-2 px jitter on every side
            assert rows.min() >= 2 and rows.max() <= 25 and cols.min() >= 2 and cols.max() <= 25
            heights.append(rows.max() - rows.min())
        assert heights == sorted(heights) and heights[-1] > heights[0]  # sizes 18..24 grow
    assert not np.array_equal(masks[0], masks[1]) and not np.array_equal(masks[1], masks[2])


def test_header_lists_every_mask(masks):
    text = glyphs.header_text(masks)
    assert "kGlyphs[3][7][28][28]" in text
    table = text.split("= {", 1)[1].split("};", 1)[0]
    values = [int(v) for v in table.replace("{", " ").replace("}", " ").replace(",", " ").split()]
    assert values == masks.reshape(-1).tolist()


def test_pcg32_is_the_reference_generator():
    # O'Neill's pcg32 demo: seed 42, stream 54.
    rng = render.Pcg32(42, 54)
    assert [rng.next_u32() for _ in range(3)] == [0xA15C02B7, 0x7B47F409, 0xBA1D3330]


def test_dataset_is_deterministic_and_shaped_like_the_recipe():
    a = dataset.make_splits(train_per_class=20, val_per_class=5)
    b = dataset.make_splits(train_per_class=20, val_per_class=5)
    for split in ("train", "val"):
        assert np.array_equal(a[split][0], b[split][0]) and np.array_equal(a[split][1], b[split][1])
    images, labels = a["train"]
    assert images.shape == (60, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels).tolist() == [20, 20, 20]
    assert labels.tolist() != sorted(labels.tolist())  # shuffled
    other = dataset.make_splits(seed=8, train_per_class=20, val_per_class=5)
    assert not np.array_equal(other["train"][0], images)
    assert (dataset.SEED, dataset.TRAIN_PER_CLASS, dataset.VAL_PER_CLASS) == (7, 1000, 200)


def test_inversion_only_in_training(masks):
    # An inverted image has a bright background: its border is mostly > 128.
    def inverted(images):
        border = np.concatenate([images[:, 0], images[:, -1], images[:, :, 0], images[:, :, -1]], axis=1)
        return (np.median(border, axis=1) > 128).mean()

    rng = np.random.default_rng(0)
    train_images = np.stack([render.render(masks, i % 3, render.NumpySource(rng), render.P_INVERT)
                             for i in range(400)])
    val_images = np.stack([render.render(masks, i % 3, render.NumpySource(rng)) for i in range(200)])
    assert 0.08 < inverted(train_images) < 0.22
    assert inverted(val_images) == 0


def test_render_draws_the_letter_brightly_on_black(masks):
    rng = render.Pcg32(5)
    for letter in range(3):
        image = render.render(masks, letter, rng)
        assert image.max() >= 150  # brightness 180..255, at most a little blur
        assert np.median(image) < 20  # black background plus noise


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """A tiny end-to-end run: 100 images per class (calibration needs 300), one epoch."""
    root = tmp_path_factory.mktemp("tiny_rps")
    data, model = root / "data", root / "model"
    data.mkdir()
    for split, (images, labels) in dataset.make_splits(train_per_class=100, val_per_class=10).items():
        np.savez_compressed(data / f"{split}.npz", images=images, labels=labels)
    summary = train.train(data, model, epochs=1, progress=False, report=lambda line: None)
    paths = export.export_programs(model / train.CHECKPOINT, data, model, calibration_images=300,
                                   progress=False, report=lambda line: None)
    return data, model, paths, summary


def test_training_writes_the_checkpoint_and_log(tiny_run):
    data, model, _, summary = tiny_run
    assert (model / train.CHECKPOINT).is_file()
    assert json.loads((model / "rps_labels.json").read_text()) == ["rock", "paper", "scissors"]
    log = json.loads((model / "train_log.json").read_text())
    assert len(log["epochs"]) == 1 and log["lr"] == 2e-3 and log["batch"] == 64
    assert 0.0 <= summary["best_val_accuracy"] <= 1.0


def test_export_refuses_too_little_calibration(tiny_run, tmp_path):
    data, model, _, _ = tiny_run
    with pytest.raises(ValueError, match="at least 300"):
        export.export_programs(model / train.CHECKPOINT, data, tmp_path, calibration_images=100)


def test_programs_run_in_wick_like_pytorch(tiny_run):
    wick_runtime = pytest.importorskip("wick.runtime")
    data, model, paths, _ = tiny_run
    images, _ = dataset.load(data / "val.npz")
    x = render.to_tensor_array(images)
    eager = train.load_trained(model / train.CHECKPOINT)
    with torch.no_grad():
        expected = eager(torch.from_numpy(x)).numpy()
    fp32 = np.stack([wick_runtime.load(str(paths["fp32"])).forward(x[i:i + 1])[0][0] for i in range(len(x))])
    np.testing.assert_allclose(fp32, expected, rtol=1e-4, atol=1e-4)
    int8 = evaluate.predict(paths["int8"], x, progress=False, name="int8")
    # int8 tracks fp32 closely (SQNR well above 20 dB on this network).
    noise = np.mean((int8 - expected) ** 2)
    assert 10 * np.log10(np.mean(expected ** 2) / noise) > 20


def test_evaluation_writes_metrics_and_confusion_png(tiny_run, tmp_path):
    pytest.importorskip("wick.runtime")
    data, _, paths, _ = tiny_run
    metrics = evaluate.evaluate(paths, data, tmp_path, progress=False)
    for name in ("fp32", "int8"):
        m = metrics[name]
        assert m["total"] == 30 and np.array(m["confusion"]).sum() == 30
        assert m["correct"] == np.trace(np.array(m["confusion"]))
        assert abs(m["accuracy"] - m["correct"] / 30) < 1e-12
    assert json.loads((tmp_path / "metrics.json").read_text())["fp32"]["total"] == 30
    assert (tmp_path / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
