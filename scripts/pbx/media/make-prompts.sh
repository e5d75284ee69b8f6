#!/bin/sh
# The feature-code confirmations the media component plays (scripts/pbx/media/scripts/prompt.ts)
# and the words around listening to voicemail (scripts/pbx/media/scripts/listen.ts),
# spoken by espeak-ng in English and Swedish, 8 kHz mono 16-bit WAV. Run from the repository
# root to regenerate resources/prompts/<lang>/<name>.wav; the files are committed.
set -eu
say() { # lang name text
  mkdir -p "resources/prompts/$1"
  espeak-ng -v "$1" -s 150 -w "/tmp/prompt-$$.wav" "$3"
  sox "/tmp/prompt-$$.wav" -r 8000 -c 1 -b 16 "resources/prompts/$1/$2.wav"
  rm -f "/tmp/prompt-$$.wav"
}
say en switched 'Profile switched.'
say en queues-paused 'You are paused in all queues.'
say en queues-resumed 'You are active in all queues again.'
say en default-profile 'Back to your default profile.'
say en refused 'That did not work.'
say en listen-new 'You have new messages.'
say en listen-none 'You have no new messages.'
say en listen-end 'End of messages.'
say sv switched 'Profilen är bytt.'
say sv queues-paused 'Du är pausad i alla köer.'
say sv queues-resumed 'Du är aktiv i alla köer igen.'
say sv default-profile 'Tillbaka till din standardprofil.'
say sv refused 'Det gick inte.'
say sv listen-new 'Du har nya meddelanden.'
say sv listen-none 'Du har inga nya meddelanden.'
say sv listen-end 'Inga fler meddelanden.'
