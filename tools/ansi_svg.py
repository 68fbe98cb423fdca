"""Draws a terminal capture with ANSI colours (tmux capture-pane -e) as an SVG of monospace
text: each cell's foreground, background, bold and reverse video as the program set them, on
the xterm palette with a dark default background. Usage: python3 ansi_svg.py IN.ans OUT.svg
COLS ROWS "description"."""
import html
import re
import sys

PALETTE = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd",
           "#e5e5e5", "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff",
           "#00ffff", "#ffffff"]
FG, BG = "#e5e5e5", "#1c1c1c"


def colour256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


def cells(text, cols, rows):
    grid = [[(" ", None, None, False, False) for _ in range(cols)] for _ in range(rows)]
    fg = bg = None
    bold = rev = False
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            if token.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in token[2:-1].split(";")]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg = bg = None
                        bold = rev = False
                    elif c == 1:
                        bold = True
                    elif c == 22:
                        bold = False
                    elif c == 7:
                        rev = True
                    elif c == 27:
                        rev = False
                    elif 30 <= c <= 37:
                        fg = PALETTE[c - 30]
                    elif 90 <= c <= 97:
                        fg = PALETTE[c - 90 + 8]
                    elif c == 39:
                        fg = None
                    elif 40 <= c <= 47:
                        bg = PALETTE[c - 40]
                    elif 100 <= c <= 107:
                        bg = PALETTE[c - 100 + 8]
                    elif c == 49:
                        bg = None
                    elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                        if c == 38:
                            fg = colour256(codes[i + 2])
                        else:
                            bg = colour256(codes[i + 2])
                        i += 2
                    i += 1
                continue
            for ch in token:
                if x < cols:
                    grid[y][x] = (ch, fg, bg, bold, rev)
                x += 1
    return grid


def main():
    src, out, cols, rows, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    grid = cells(open(src, encoding="utf-8").read(), cols, rows)
    w, lh = 8.4, 17
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{cols * w + 20:.0f}" height="{rows * lh + 16}" role="img" aria-label="{html.escape(label)}">',
             f'<rect width="100%" height="100%" fill="{BG}"/>',
             '<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14" xml:space="preserve">']
    for y, row in enumerate(grid):
        x = 0
        while x < cols:
            ch, fg, bg, bold, rev = row[x]
            end = x + 1
            while end < cols and row[end][1:] == row[x][1:]:
                end += 1
            text = "".join(c[0] for c in row[x:end])
            f, b = fg or FG, bg
            if rev:
                f, b = (bg or BG), (fg or FG)
            top = y * lh + 8
            if b:
                parts.append(f'<rect x="{10 + x * w:.1f}" y="{top}" width="{(end - x) * w:.1f}" height="{lh}" fill="{b}"/>')
            if text.strip():
                weight = ' font-weight="bold"' if bold else ""
                parts.append(f'<text x="{10 + x * w:.1f}" y="{top + 13}" fill="{f}"{weight} textLength="{(end - x) * w:.1f}">{html.escape(text)}</text>')
            x = end
    parts.append("</g></svg>")
    open(out, "w", encoding="utf-8").write("\n".join(parts) + "\n")


main()
