"""The stand-in's images endpoint: real pictures the add-on can cut out, answered as servers do."""

from __future__ import annotations

import io

from hypothesis import given, settings, strategies as st
import numpy as np
import openai
from PIL import Image
import pytest

from holomat_dev.openai_images import draw_subject
from holomat_dev.openai_standin import OpenAIStandin

from .conftest import API_KEY


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400))
def test_any_prompt_draws_one_dark_subject_centred_on_white(prompt: str) -> None:
    png = draw_subject(prompt)
    assert png == draw_subject(prompt)  # decided by the prompt alone
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    assert pixels.shape == (256, 256)
    dark = pixels < 128
    margin = np.ones_like(dark)  # 10 % of the side all around stays white
    margin[25:-25, 25:-25] = False
    assert not (dark & margin).any()
    assert 0.1 < dark.mean() < 0.6
    rows, columns = np.nonzero(dark)
    assert np.hypot(rows.mean() - 128, columns.mean() - 128) < 20


def test_prompts_draw_different_subjects() -> None:
    drawings = {draw_subject(f"a model number {number}") for number in range(20)}
    assert len(drawings) == 20


async def test_the_sdk_reads_both_answer_styles(standin: OpenAIStandin) -> None:
    client = openai.AsyncOpenAI(base_url=standin.base_url, api_key=API_KEY, max_retries=0)
    answer = await client.images.generate(model="gpt-image-1", prompt="a rocket")
    assert answer.data is not None
    assert answer.data[0].url is None
    assert answer.output_format == "png"
    answer = await client.images.generate(
        model="stablediffusion", prompt="a rocket", response_format="b64_json"
    )
    assert answer.data is not None
    assert answer.data[0].b64_json
    answer = await client.images.generate(model="stablediffusion", prompt="a rocket")
    assert answer.data is not None
    assert answer.data[0].url is not None
    assert answer.data[0].url.startswith(
        standin.base_url.removesuffix("/v1") + "/generated-images/"
    )
    with pytest.raises(openai.BadRequestError) as err:
        await client.images.generate(model="gpt-image-1", prompt="a rocket", response_format="url")
    assert err.value.param == "response_format"
