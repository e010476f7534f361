"""Words the offline dictionary lacks get espeak-ng's pronunciation, in the model's phones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pocketsphinx import Decoder  # type: ignore[import-untyped]

from holomat_addon.voice.pronounce import IPA_TO_ARPABET, arpabet, guess_pronunciations


def test_names_get_the_phones_espeak_hears() -> None:
    """Printer and part names come back as ARPAbet the way espeak-ng says them."""
    guessed = guess_pronunciations(["voron", "hotend", "prusa", "creality's", "x."])
    assert guessed["voron"] == "V OW R AA N"
    assert guessed["hotend"] == "HH OW T EH N D"
    assert guessed["prusa"] == "P R UW S AH"
    assert guessed["creality's"].endswith("Z")
    assert "x." not in guessed  # not a plain word: letters are in the dictionary already


def test_every_phone_is_one_the_model_has() -> None:
    """Each mapped phone is in the bundled model's phone set (the decoder accepts the word)."""
    decoder = Decoder(samprate=16000, lm=None, logfn="/dev/null")
    for index, phone in enumerate(sorted(set(IPA_TO_ARPABET.values()))):
        decoder.add_word(f"holomatphone{index}", phone, False)
        assert decoder.lookup_word(f"holomatphone{index}") == phone


def test_without_espeak_nothing_is_guessed() -> None:
    """A missing espeak-ng binary leaves the words unknown instead of failing."""
    assert guess_pronunciations(["voron"], binary="/nonexistent/espeak-ng") == {}


@given(st.text(max_size=30))
def test_any_transcription_maps_or_is_refused(ipa: str) -> None:
    """Whatever espeak-ng writes, the map gives known phones or nothing; it never raises."""
    phones = arpabet(ipa)
    assert phones is None or set(phones.split()) <= set(IPA_TO_ARPABET.values())
