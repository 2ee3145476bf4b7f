#!/bin/sh
# Regenerates the embedded fonts from Debian's fonts-dejavu-core (DejaVu Sans 2.37) with fontTools
# (Debian package python3-fonttools; a developer tool, not needed to build or test). Run from this folder:
#   sh make-fonts.sh
set -eu
SRC=${DEJAVU_DIR:-/usr/share/fonts/truetype/dejavu}
PY=${PYTHON:-/usr/bin/python3}

# Punctuation, arrows and U+FFFD (the replacement character printed for letters no font here has).
COMMON=U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2190-2193,U+2212,U+FFFD
# Primary: Basic Latin, Latin-1, Latin Extended-A. Every document embeds these two files.
PRIMARY=U+0020-007E,U+00A0-017F,$COMMON
# Extended: a superset, embedded only in documents with a letter outside the primary set: Latin Extended-B,
# spacing modifier letters, combining diacritical marks, Greek and Coptic, Cyrillic and Cyrillic Supplement,
# Latin Extended Additional. (Scripts that need shaping or right-to-left order, e.g. Arabic and Hebrew, are
# left out on purpose: the PDF backend draws glyphs one by one without shaping.)
EXTENDED=$PRIMARY,U+0180-024F,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF

for face in DejaVuSans DejaVuSans-Bold; do
  "$PY" -m fontTools.subset "$SRC/$face.ttf" --unicodes="$PRIMARY" --no-hinting --layout-features='' \
    --output-file="$face.ttf"
  "$PY" -m fontTools.subset "$SRC/$face.ttf" --unicodes="$EXTENDED" --no-hinting --layout-features='' \
    --output-file="$face-Extended.ttf"
  # A name of its own, so pdffonts tells the extended subset from the primary one.
  "$PY" - "$face-Extended.ttf" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
path = sys.argv[1]
font = TTFont(path)
for record in font["name"].names:
    if record.nameID == 6:
        record.string = str(record.toUnicode()) + "-Extended"
    elif record.nameID == 4:
        record.string = str(record.toUnicode()) + " Extended"
font.save(path)
PYEOF
done
