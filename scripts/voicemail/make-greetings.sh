#!/bin/sh
# Regenerates the default voicemail greetings (resources/voicemail/greeting-<language>.wav):
# espeak-ng speaks the text, sox makes it what the PBX plays: 8 kHz, mono, 16-bit PCM, with a
# short pause before and after. The caller hears the tone after the greeting from the media
# component, so the files do not contain it. Run from anywhere: sh scripts/voicemail/make-greetings.sh
set -eu
out="$(cd "$(dirname "$0")/../../resources/voicemail" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

speak() {
  language="$1" voice="$2" text="$3"
  espeak-ng -v "$voice" -s 150 -w "$tmp/$language.wav" "$text"
  sox "$tmp/$language.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/greeting-$language.wav" pad 0.3 0.4 norm -3
}

speak en en-gb "The person you called cannot answer. Please leave a message after the tone."
speak sv sv "Den du söker kan inte svara just nu. Lämna ett meddelande efter tonen."
