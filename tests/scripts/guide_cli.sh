#!/bin/sh
# The audio guide end to end: --open-hotspot with --audio-out records the
# narration the visitor would hear; it must not be silent and must last as
# long as the package says (its duration, plus the half second the viewer
# keeps recording after the end); a recording stopped --at S lasts S; an
# unknown hotspot is a usage error; a damaged caption file makes the
# packer refuse but the viewer go on without that narration. Skips (77)
# without espeak-ng, which speaks most of the test guide.
#   guide_cli.sh VITRINE VITRINE_PACK WAVSTAT GUIDE_DIR
set -u
vitrine=$1 pack=$2 wavstat=$3 guide=$4
command -v espeak-ng >/dev/null 2>&1 || { echo "SKIP: espeak-ng is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok   $1"; }
bad() { fails=$((fails + 1)); echo "FAIL $1"; [ -f "$tmp/err" ] && sed 's/^/     /' "$tmp/err"; }
field() { sed -n "s/^/ /; s/.* $1=\([-0-9.]*\).*/\1/p" "$2"; }
# awk compares decimals: within A B TOL
within() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
above() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

"$pack" -q "$guide" -o "$tmp/guide.vitrine" >/dev/null 2>"$tmp/err" && ok "build the guide" || bad "build the guide"
"$pack" --info "$tmp/guide.vitrine" >"$tmp/info.json" 2>"$tmp/err" || bad "--info"
# seconds of the English narration of drum-birds, from the package
secs=$(tr -d '\n\t ' <"$tmp/info.json" | grep -o '"kind":"audio","hotspot":"drum-birds","lang":"en","seconds":[0-9.]*' |
       sed 's/.*://')
[ -n "$secs" ] && ok "the package lists drum-birds in English ($secs s)" || bad "no English narration of drum-birds in --info"

size=--size=320x240
"$vitrine" --screenshot "$tmp/a.png" $size --open-hotspot drum-birds --lang en --audio-out "$tmp/a.wav" \
  "$tmp/guide.vitrine" 2>"$tmp/err" && ok "record the narration" || bad "record the narration"
"$wavstat" "$tmp/a.wav" >"$tmp/a.stat" 2>"$tmp/err" || bad "the recording is a WAV"
cat "$tmp/a.stat"
got=$(field seconds "$tmp/a.stat") rms=$(field rms_db "$tmp/a.stat") voiced=$(field voiced_seconds "$tmp/a.stat")
want=$(awk -v s="${secs:-0}" 'BEGIN { print s + 0.5 }')
within "$got" "$want" 0.05 && ok "it lasts the narration plus 0.5 s ($got s)" || bad "recorded $got s, expected $want s"
above "$rms" -35 && ok "it is not silent ($rms dBFS)" || bad "too quiet: $rms dBFS"
above "$voiced" "$(awk -v s="${secs:-0}" 'BEGIN { print s * 0.5 }')" && ok "speech fills it ($voiced s voiced)" ||
  bad "only $voiced s voiced of $secs"

"$vitrine" --screenshot "$tmp/b.png" $size --open-hotspot drum-star --at 1.25 --audio-out "$tmp/b.wav" \
  "$tmp/guide.vitrine" 2>"$tmp/err" && ok "record to --at" || bad "record to --at"
"$wavstat" "$tmp/b.wav" >"$tmp/b.stat" 2>&1
within "$(field seconds "$tmp/b.stat")" 1.25 0.02 && ok "--at 1.25 records 1.25 s" || bad "$(cat "$tmp/b.stat")"

# Room sound: a scripted walk in the hall records its ambient bed, quiet
# (the packer sets it 14 LU under narration) but there.
printf 'size 320x240\n0.0 key w hold 1.5\n+0.5 end\n' >"$tmp/walk.vtscript"
"$vitrine" --screenshot "$tmp/w.png" $size --script "$tmp/walk.vtscript" --audio-out "$tmp/w.wav" \
  "$tmp/guide.vitrine" 2>"$tmp/err" && ok "record a walk" || bad "record a walk"
"$wavstat" "$tmp/w.wav" >"$tmp/w.stat" 2>&1
w_rms=$(field rms_db "$tmp/w.stat")
above "$w_rms" -42 && above -20 "$w_rms" && ok "the hall's ambient sound plays, quietly ($w_rms dBFS)" ||
  bad "ambient: $(cat "$tmp/w.stat")"

"$vitrine" --screenshot "$tmp/c.png" $size --open-hotspot nowhere "$tmp/guide.vitrine" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q nowhere "$tmp/err" && ok "unknown hotspot: exit 2, named" || bad "unknown hotspot"

# A damaged caption file: the packer refuses at its line, the viewer goes on.
cp -r "$guide" "$tmp/broken"
printf 'WEBVTT\n\n00:00.100 --> 00:0\nbroken\n' >"$tmp/broken/audio/drum-star.vi.vtt"
"$pack" -q "$tmp/broken" -o "$tmp/broken.vitrine" >/dev/null 2>"$tmp/err"
[ $? -eq 3 ] && grep -q "drum-star.vi.vtt:3:" "$tmp/err" && [ ! -e "$tmp/broken.vitrine" ] &&
  ok "packer: bad captions exit 3 at their line, nothing written" || bad "packer on bad captions"
"$vitrine" --screenshot "$tmp/d.png" $size --open-hotspot drum-star "$tmp/broken" 2>"$tmp/err"
[ $? -eq 0 ] && [ -s "$tmp/d.png" ] && grep -q "warning" "$tmp/err" && ok "viewer: a warning, the visit goes on" ||
  bad "viewer on bad captions"

echo "guide cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
