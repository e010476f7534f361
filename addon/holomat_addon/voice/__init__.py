"""HoloMat's Wyoming speech server: speech-to-text and text-to-speech for Home Assistant's Assist.

Engines: an OpenAI-compatible endpoint (``/v1/audio/transcriptions``, ``/v1/audio/speech``) when one
is configured, and two offline engines that always work with no account and no download: Debian's
``espeak-ng`` (speech, English and French) and ``pocketsphinx`` with a grammar of HoloMat's commands
(English commands only). Run it with ``python -m holomat_addon.voice --uri tcp://0.0.0.0:10300``.
"""
