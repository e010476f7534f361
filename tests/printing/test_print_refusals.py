"""What ``print_file`` refuses, and how a failure leaves the printer: no job, no stray file."""

# ruff: noqa: F401, F811

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest

from custom_components.holomat.printer.coordinator import PrinterCoordinator
from holomat_dev.bambu_simulator import PrinterSimulator
from holomat_dev.ftps_server import PrinterFtpServer
from holomat_dev.threemf_files import make_3mf
from tests.printer.conftest import start_running_print

from .conftest import (
    WaitFor,
    broker,
    entry,
    model,
    print_file,
    printer,
    project_files,
    simulator,
    storage,
    wait_for,
)
from .test_print_file import padded_3mf


@pytest.fixture
def plate(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Return a sliced file (about 1 MB) in a folder Home Assistant may read."""
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    path = tmp_path / "Owl.gcode.3mf"
    path.write_bytes(padded_3mf("Owl", 1024 * 1024))
    return path


def nothing_sent(simulator: PrinterSimulator, storage: PrinterFtpServer) -> None:
    """Check the printer got no print command and holds no copy, whole or partial, of the file."""
    assert project_files(simulator) == []
    assert not [path for path in storage.files() if "Owl" in path]


@pytest.mark.usefixtures("printer")
async def test_refused_while_printing(
    *,
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    storage: PrinterFtpServer,
    plate: Path,
    wait_for: WaitFor,
    printer: PrinterCoordinator,
) -> None:
    await start_running_print(simulator, wait_for)
    await wait_for(lambda: printer.data.state.task_name == "Benchy")
    with pytest.raises(ServiceValidationError) as err:
        await print_file(hass, file_path=str(plate))
    assert err.value.translation_key == "printer_busy"
    assert "running (Benchy)" in str(err.value)
    nothing_sent(simulator, storage)


async def test_refused_without_an_sd_card(
    *,
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    storage: PrinterFtpServer,
    plate: Path,
    printer: PrinterCoordinator,
    wait_for: WaitFor,
) -> None:
    simulator.set_sd_card(False)
    await wait_for(lambda: printer.data.state.sdcard is False)
    with pytest.raises(ServiceValidationError) as err:
        await print_file(hass, file_path=str(plate))
    assert err.value.translation_key == "printer_no_storage"
    nothing_sent(simulator, storage)


@pytest.mark.usefixtures("printer")
async def test_a_card_the_report_misses_is_refused_by_the_storage(
    hass: HomeAssistant, simulator: PrinterSimulator, storage: PrinterFtpServer, plate: Path
) -> None:
    storage.faults.sd_card = False  # the report still says there is a card: FTP says no
    with pytest.raises(HomeAssistantError) as err:
        await print_file(hass, file_path=str(plate))
    assert err.value.translation_key == "printer_no_storage"
    nothing_sent(simulator, storage)


@pytest.mark.parametrize("announced", [True, False])
@pytest.mark.usefixtures("printer")
async def test_refused_without_room(
    *,
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    storage: PrinterFtpServer,
    plate: Path,
    announced: bool,
) -> None:
    storage.faults.free_bytes = 200_000
    storage.faults.announce_free_space = announced  # vsftpd never does: the upload then fails
    with pytest.raises(HomeAssistantError) as err:
        await print_file(hass, file_path=str(plate))
    assert err.value.translation_key == "printer_storage_full"
    assert "1.1 MB" in str(err.value)
    nothing_sent(simulator, storage)


@pytest.mark.usefixtures("printer")
async def test_a_cut_upload_starts_nothing_and_leaves_nothing(
    hass: HomeAssistant, simulator: PrinterSimulator, storage: PrinterFtpServer, plate: Path
) -> None:
    storage.faults.drop_upload_after = 300_000
    with pytest.raises(HomeAssistantError) as err:
        await print_file(hass, file_path=str(plate))
    assert err.value.translation_key == "print_upload_failed"
    assert "No print was started" in str(err.value)
    nothing_sent(simulator, storage)
    assert simulator.gcode_state != "PREPARE"
    # The printer is free again: the same file goes through the next time.
    response = await print_file(hass, file_path=str(plate))
    assert response["task_name"] == "Owl"


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("notes.txt", b"hello", "print_file_type"),
        ("broken.3mf", b"not a zip", "print_file_invalid"),
        ("model.3mf", make_3mf("Model").replace(b"plate_1.gcode", b"plate_1.gcodx"), None),
    ],
    ids=["not_a_model", "not_a_zip", "no_sliced_plate"],
)
@pytest.mark.usefixtures("printer")
async def test_files_that_cannot_be_printed(
    *,
    hass: HomeAssistant,
    simulator: PrinterSimulator,
    storage: PrinterFtpServer,
    tmp_path: Path,
    name: str,
    content: bytes,
    key: str | None,
) -> None:
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ServiceValidationError) as err:
        await print_file(hass, file_path=str(tmp_path / name))
    assert err.value.translation_key in (key, "print_file_invalid", "print_file_not_sliced")
    assert project_files(simulator) == []
    assert storage.uploads == []


@pytest.mark.usefixtures("printer")
async def test_a_plate_the_file_lacks(hass: HomeAssistant, plate: Path) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await print_file(hass, file_path=str(plate), plate=2)
    assert err.value.translation_key == "print_file_not_sliced"


@pytest.mark.usefixtures("printer")
async def test_paths_home_assistant_may_not_read(hass: HomeAssistant, tmp_path: Path) -> None:
    (tmp_path / "secret.gcode.3mf").write_bytes(make_3mf("Secret"))
    for path in (str(tmp_path / "secret.gcode.3mf"), "/etc/../etc/passwd"):
        with pytest.raises(ServiceValidationError) as err:
            await print_file(hass, file_path=path)
        assert err.value.translation_key == "path_not_allowed"


@pytest.mark.usefixtures("printer")
async def test_no_model_generated_yet(hass: HomeAssistant) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await print_file(hass)
    assert err.value.translation_key == "no_last_model"


async def test_an_offline_printer(
    *,
    hass: HomeAssistant,
    printer: PrinterCoordinator,
    simulator: PrinterSimulator,
    plate: Path,
    wait_for: WaitFor,
) -> None:
    await simulator.stop()
    await wait_for(lambda: not printer.online, within=15)
    with pytest.raises(HomeAssistantError) as err:
        await print_file(hass, file_path=str(plate))
    assert err.value.translation_key == "printer_offline"
