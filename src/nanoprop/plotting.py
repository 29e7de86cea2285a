"""Figures and tables for the lessons, made with matplotlib at build time.

Needs the ``plot`` extra (matplotlib); the engine itself never imports this
module. Figures are returned as HTML ``<figure>`` elements holding the image
as a data URI, so that a page carries its own plots and two builds of the
same commit give the same bytes.
"""

from __future__ import annotations

import base64
import html
import io
from urllib.parse import quote

import numpy as np
from matplotlib import rcParams
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from PIL import Image

# Colours that read on white and keep their meaning: class 0 blue, class 1
# orange, as in the decision-boundary plots.
BLUE, ORANGE, GREY = "#3b6fb6", "#e07b39", "#555555"
CLASS_CMAP = LinearSegmentedColormap.from_list(
    "classes", ["#a9c4ea", "#f7f7f7", "#f5c19e"]
)

STYLE = {
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.facecolor": "white",
    "svg.hashsalt": "backprop-from-scratch",  # stable ids: repeatable SVG
    "svg.fonttype": "path",
}


def new_figure(width=6.0, height=3.2, ncols=1, nrows=1, **subplot_kw):
    """A matplotlib Figure (no pyplot, no global state) and its axes."""
    rcParams.update(STYLE)
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, subplot_kw=subplot_kw)
    axes = axes.ravel()
    return fig, axes[0] if len(axes) == 1 else axes


# An SVG heavier than this (a curve of thousands of points, many glyphs) is
# drawn as a PNG instead, which then weighs a fraction of it.
SVG_LIMIT = 30_000


def figure_html(fig, alt, caption=None, fmt="svg", dpi=110):
    """Embed ``fig`` in a ``<figure>``, with ``alt`` text saying what it shows.

    Line plots stay vector (``fmt="svg"``) while they are light; dense images
    such as filled contours are rasterized (``fmt="png"``) to stay small.
    """
    if not alt or not alt.strip():
        raise ValueError("every figure needs alt text that says what it shows")
    if fmt not in ("svg", "png"):
        raise ValueError(f"fmt must be 'svg' or 'png', got {fmt!r}")
    src = None
    if fmt == "svg":
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        svg = buffer.getvalue().decode("utf-8")
        if len(svg) <= SVG_LIMIT:
            # As text rather than base64: a quarter smaller, and it compresses.
            src = "data:image/svg+xml," + quote(svg, safe=" /:=;,'()!*+?@&-_.~")
        else:
            dpi = 1.4 * dpi  # sharper than the page needs, for zoom
    if src is None:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        # A palette of 256 colours is plenty for a plot, at a third the size.
        image = Image.open(buffer).convert("RGB").quantize(256)
        buffer = io.BytesIO()
        image.save(buffer, format="png", optimize=True)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        src = f"data:image/png;base64,{data}"
    width, height = (fig.get_size_inches() * 96).round().astype(int)
    img = (
        f'<img src="{src}" alt="{html.escape(alt)}" width="{width}" height="{height}">'
    )
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{img}{cap}</figure>"


def markdown_table(header, rows, digits=4):
    """A Markdown table; floats are shown with ``digits`` decimals."""

    def cell(value):
        if isinstance(value, (float, np.floating)):
            return f"{value:.{digits}f}"
        return str(value)

    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(":---:" for _ in header) + "|")
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def array_latex(array, digits=3):
    """A small array as a LaTeX matrix, rounded to ``digits`` decimals."""
    array = np.atleast_2d(np.asarray(array, dtype=float))
    rows = [" & ".join(f"{v:.{digits}f}" for v in row) for row in array]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def plot_decision_boundary(ax, predict, X, Y, resolution=200, margin=0.5):
    """Shade the plane by the model's output and mark the training points.

    ``predict`` maps an array of shape (n, 2) to outputs of shape (n, 1).
    The 0.5 contour, where the prediction changes class, is drawn in black.
    """
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs = np.linspace(lo[0], hi[0], resolution)
    ys = np.linspace(lo[1], hi[1], resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    out = predict(points)[:, 0].reshape(grid_x.shape)
    ax.imshow(
        out,
        origin="lower",
        extent=(lo[0], hi[0], lo[1], hi[1]),
        cmap=CLASS_CMAP,
        vmin=0.0,
        vmax=1.0,
        aspect="auto",
        interpolation="bilinear",
    )
    if out.min() < 0.5 < out.max():
        ax.contour(grid_x, grid_y, out, levels=[0.5], colors="black")
    labels = np.asarray(Y).ravel()
    for value, colour, marker in ((0, BLUE, "o"), (1, ORANGE, "s")):
        pick = labels == value
        ax.scatter(
            X[pick, 0],
            X[pick, 1],
            c=colour,
            marker=marker,
            s=90,
            edgecolors="black",
            zorder=3,
            label=f"target {value}",
        )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)
    return ax


def plot_network(ax, weights, names=None, labels=None):
    """Draw a fully connected network: a circle per unit, a line per weight.

    ``weights[l]`` has shape (n_in, n_out), as in ``MLP.weights``. A line is
    orange for a positive weight and blue for a negative one, and thicker
    the larger the weight. ``names`` labels the layers, input first;
    ``labels[l][i]`` is written inside unit i of layer l.
    """
    sizes = [weights[0].shape[0]] + [W.shape[1] for W in weights]
    tallest = max(sizes)
    # Units of a layer are centred on the tallest layer.
    ys = [np.arange(n)[::-1] - (n - 1) / 2 + (tallest - 1) / 2 for n in sizes]
    largest = max(float(np.abs(W).max()) for W in weights) or 1.0
    for l, W in enumerate(weights):
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                w = W[i, j]
                ax.plot(
                    [l, l + 1],
                    [ys[l][i], ys[l + 1][j]],
                    color=ORANGE if w > 0 else BLUE,
                    linewidth=0.5 + 3.5 * abs(w) / largest,
                    zorder=1,
                )
    for l, n in enumerate(sizes):
        ax.scatter(
            np.full(n, l),
            ys[l],
            s=500,
            c="white",
            edgecolors=GREY,
            linewidths=1.5,
            zorder=2,
        )
        if labels is not None:
            for i, text in enumerate(labels[l]):
                ax.text(l, ys[l][i], text, ha="center", va="center", zorder=3)
        if names is not None:
            ax.text(l, -1.0, names[l], ha="center", va="top", color=GREY)
    ax.set_xlim(-0.4, len(sizes) - 0.6)
    ax.set_ylim(-1.6, tallest - 0.4)
    ax.set_axis_off()
    return ax


def plot_images(axes, images, titles=None, cmap="gray_r", vmin=0.0, vmax=1.0):
    """Draw small square images, one per axes, without ticks or frames.

    ``images`` has shape (n_images, side * side), one flattened image per
    row, such as the 8x8 digits of shape (n, 64); ``axes`` holds at least
    n_images axes, and any left over are hidden. ``titles[i]``, if given,
    is written above image i. With the defaults ink is dark on white; a
    diverging ``cmap`` with ``vmin=-vmax`` shows signed values such as
    weights.
    """
    images = np.asarray(images, dtype=float)
    side = int(round(np.sqrt(images.shape[1])))
    if side * side != images.shape[1]:
        raise ValueError(
            f"images must be square when unflattened, got {images.shape[1]} "
            "pixels per image"
        )
    axes = np.ravel(axes)
    for i, ax in enumerate(axes):
        ax.set_axis_off()
        if i >= len(images):
            continue
        ax.imshow(
            images[i].reshape(side, side),
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
            interpolation="nearest",
        )
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    return axes


def plot_confusion_matrix(ax, matrix, labels=None):
    """Counts of true class (rows) against predicted class (columns).

    ``matrix[i, j]`` is the number of samples of class i predicted as j, so
    the diagonal holds the correct answers. Every non-zero count is written
    in its cell; the shade grows with the count on a logarithmic scale, so
    that a handful of mistakes still shows beside a diagonal of dozens.
    """
    matrix = np.asarray(matrix)
    n = len(matrix)
    labels = list(range(n)) if labels is None else list(labels)
    shade = np.log1p(matrix) / np.log1p(max(int(matrix.max()), 1))
    ax.imshow(shade, cmap="Blues", vmin=0.0, vmax=1.0)
    for i in range(n):
        for j in range(n):
            if matrix[i, j]:
                ax.text(
                    j,
                    i,
                    str(matrix[i, j]),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if shade[i, j] > 0.6 else "black",
                )
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.grid(False)
    return ax
