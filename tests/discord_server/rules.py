"""Discord's limits, checked the way Discord checks them.

Each check returns ``FormError``s (path into the request body, Discord's error code and
message, and a short rule slug for tests). ``Rejection`` turns them into the exact HTTP
answer Discord gives, e.g. ``400 {"code": 50035, "message": "Invalid Form Body", ...}``.
Limits follow Discord's API documentation (messages, embeds, components, application
commands, autocomplete).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# Messages and embeds.
MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER_TEXT = 2048
MAX_AUTHOR_NAME = 256
MAX_EMBED_TOTAL = 6000
MAX_FILES = 10
MAX_ALLOWED_MENTION_IDS = 100
# Components (classic action rows).
MAX_ACTION_ROWS = 5
MAX_ROW_COMPONENTS = 5
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_SELECT_OPTIONS = 25
# Application commands.
COMMAND_NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
MAX_COMMAND_DESCRIPTION = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_VALUE = 100
MAX_CHAT_INPUT_COMMANDS = 100
MAX_CONTEXT_MENU_COMMANDS = 5
SUB_COMMAND, SUB_COMMAND_GROUP, STRING = 1, 2, 3
OPTION_TYPES = frozenset(range(1, 12))
# Autocomplete results.
MAX_AUTOCOMPLETE_CHOICES = 25

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class FormError:
    path: Path
    code: str
    message: str
    rule: str

    @property
    def dotted(self) -> str:
        return ".".join(str(part) for part in self.path) or "(body)"


class Rejection(Exception):
    """An error answer exactly as Discord would send it, plus the rule(s) it enforces."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        rule: str,
        detail: str | None = None,
        errors: Sequence[FormError] = (),
    ) -> None:
        super().__init__(f"{status} {code} {message}: {detail or rule}")
        self.status = status
        self.code = code
        self.message = message
        self.rule = rule
        self.detail = detail or message
        self.errors = list(errors)

    @classmethod
    def form(cls, errors: Sequence[FormError]) -> Rejection:
        detail = "; ".join(f"{e.dotted}: {e.message}" for e in errors)
        return cls(
            400, 50035, "Invalid Form Body", rule=errors[0].rule, detail=detail, errors=errors
        )

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = error_tree(self.errors)
        return body

    def broken_rules(self) -> list[tuple[str, str]]:
        """(rule, detail) per broken rule: each becomes one recorded violation."""
        if not self.errors:
            return [(self.rule, self.detail)]
        return [(e.rule, f"{e.dotted}: {e.message}") for e in self.errors]


def error_tree(errors: Iterable[FormError]) -> dict[str, Any]:
    """Discord's nested ``errors`` object: path segments as keys, ``_errors`` at leaves."""
    tree: dict[str, Any] = {}
    for error in errors:
        node = tree
        for part in error.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": error.code, "message": error.message})
    return tree


def _max_length(path: Path, value: Any, limit: int, rule: str) -> list[FormError]:
    if isinstance(value, str | list) and len(value) > limit:
        return [
            FormError(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.", rule)
        ]
    return []


def _bad_length(path: Path, value: Any, low: int, high: int, rule: str) -> list[FormError]:
    if not isinstance(value, str) or not low <= len(value) <= high:
        return [
            FormError(
                path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.", rule
            )
        ]
    return []


def _required(path: Path, value: Any, rule: str) -> list[FormError]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return [FormError(path, "BASE_TYPE_REQUIRED", "This field is required", rule)]
    return []


# --------------------------------------------------------------------------- messages


def embed_size(embed: dict[str, Any]) -> int:
    """Characters counted toward the 6000 total (title, description, fields, footer, author)."""
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    for item in embed.get("fields") or []:
        size += len(item.get("name") or "") + len(item.get("value") or "")
    size += len((embed.get("footer") or {}).get("text") or "")
    size += len((embed.get("author") or {}).get("name") or "")
    return size


def check_embeds(embeds: Any, base: Path = ()) -> list[FormError]:
    if not isinstance(embeds, list):
        return []
    errors = _max_length((*base, "embeds"), embeds, MAX_EMBEDS, "embed_count")
    for index, embed in enumerate(embeds):
        path = (*base, "embeds", index)
        errors += _max_length(
            (*path, "title"), embed.get("title"), MAX_EMBED_TITLE, "embed_title_length"
        )
        errors += _max_length(
            (*path, "description"),
            embed.get("description"),
            MAX_EMBED_DESCRIPTION,
            "embed_description_length",
        )
        fields = embed.get("fields") or []
        errors += _max_length((*path, "fields"), fields, MAX_EMBED_FIELDS, "embed_field_count")
        for number, item in enumerate(fields):
            field_path = (*path, "fields", number)
            errors += _required((*field_path, "name"), item.get("name"), "embed_field_required")
            errors += _required((*field_path, "value"), item.get("value"), "embed_field_required")
            errors += _max_length(
                (*field_path, "name"), item.get("name"), MAX_FIELD_NAME, "embed_field_name_length"
            )
            errors += _max_length(
                (*field_path, "value"),
                item.get("value"),
                MAX_FIELD_VALUE,
                "embed_field_value_length",
            )
        errors += _max_length(
            (*path, "footer", "text"),
            (embed.get("footer") or {}).get("text"),
            MAX_FOOTER_TEXT,
            "embed_footer_length",
        )
        errors += _max_length(
            (*path, "author", "name"),
            (embed.get("author") or {}).get("name"),
            MAX_AUTHOR_NAME,
            "embed_author_length",
        )
    total = sum(embed_size(embed) for embed in embeds if isinstance(embed, dict))
    if total > MAX_EMBED_TOTAL:
        errors.append(
            FormError(
                (*base, "embeds"),
                "MAX_EMBED_SIZE_EXCEEDED",
                f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}",
                "embed_total_length",
            )
        )
    return errors


def check_allowed_mentions(allowed: Any, base: Path = ()) -> list[FormError]:
    if not isinstance(allowed, dict):
        return []
    path = (*base, "allowed_mentions")
    errors: list[FormError] = []
    parse = allowed.get("parse") or []
    for index, item in enumerate(parse):
        if item not in ("users", "roles", "everyone"):
            errors.append(
                FormError(
                    (*path, "parse", index),
                    "BASE_TYPE_CHOICES",
                    "Value must be one of ('roles', 'users', 'everyone').",
                    "allowed_mentions_parse",
                )
            )
    for kind in ("users", "roles"):
        ids = allowed.get(kind) or []
        if kind in parse and ids:
            errors.append(
                FormError(
                    path,
                    "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                    f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
                    "allowed_mentions_exclusive",
                )
            )
        errors += _max_length((*path, kind), ids, MAX_ALLOWED_MENTION_IDS, "allowed_mentions_count")
    return errors


def check_components(components: Any, base: Path = ()) -> list[FormError]:
    """Classic action rows only; Components V2 layouts are not validated (see README)."""
    if not isinstance(components, list):
        return []
    errors = _max_length((*base, "components"), components, MAX_ACTION_ROWS, "component_row_count")
    for row_index, row in enumerate(components):
        if row.get("type") != 1:
            continue
        row_path = (*base, "components", row_index, "components")
        children = row.get("components") or []
        errors += _max_length(row_path, children, MAX_ROW_COMPONENTS, "component_row_width")
        for index, child in enumerate(children):
            path = (*row_path, index)
            errors += _max_length(
                (*path, "custom_id"),
                child.get("custom_id"),
                MAX_CUSTOM_ID,
                "component_custom_id_length",
            )
            errors += _max_length(
                (*path, "label"), child.get("label"), MAX_BUTTON_LABEL, "component_label_length"
            )
            errors += _max_length(
                (*path, "options"),
                child.get("options"),
                MAX_SELECT_OPTIONS,
                "component_select_options",
            )
            if (
                child.get("type") == 2
                and child.get("style") != 5
                and not child.get("custom_id")
                and child.get("style") != 6
            ):
                errors += _required((*path, "custom_id"), None, "component_custom_id_required")
    return errors


def check_message_body(body: dict[str, Any], base: Path = ()) -> list[FormError]:
    """Field limits for a message create/edit body (interaction ``data`` uses ``base``)."""
    errors = _max_length((*base, "content"), body.get("content"), MAX_CONTENT, "content_length")
    errors += check_embeds(body.get("embeds"), base)
    errors += check_allowed_mentions(body.get("allowed_mentions"), base)
    flags = body.get("flags") or 0
    if not flags & (1 << 15):
        errors += check_components(body.get("components"), base)
    return errors


def check_files(file_sizes: Sequence[int], size_limit: int) -> Rejection | None:
    if len(file_sizes) > MAX_FILES:
        return Rejection(
            400,
            50035,
            "Invalid Form Body",
            rule="attachment_count",
            errors=[
                FormError(
                    ("files",),
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_FILES} or fewer in length.",
                    "attachment_count",
                )
            ],
        )
    if any(size > size_limit for size in file_sizes):
        return Rejection(
            413,
            40005,
            "Request entity too large",
            rule="attachment_size",
            detail=f"a file exceeds {size_limit} bytes",
        )
    return None


def is_empty_message(
    content: str | None,
    embeds: Sequence[Any],
    components: Sequence[Any],
    attachment_count: int,
    has_poll: bool = False,
) -> bool:
    return not (content or embeds or components or attachment_count or has_poll)


EMPTY_MESSAGE = (400, 50006, "Cannot send an empty message")


# --------------------------------------------------------------------------- commands


def _check_choices(path: Path, option: dict[str, Any]) -> list[FormError]:
    choices = option.get("choices")
    if not choices:
        return []
    errors = _max_length((*path, "choices"), choices, MAX_CHOICES, "command_choice_count")
    if option.get("autocomplete"):
        errors.append(
            FormError(
                (*path, "autocomplete"),
                "AUTOCOMPLETE_CHOICES_EXCLUSIVE",
                "Autocomplete cannot be used with choices",
                "command_autocomplete_with_choices",
            )
        )
    for index, choice in enumerate(choices):
        errors += _bad_length(
            (*path, "choices", index, "name"),
            choice.get("name"),
            1,
            MAX_CHOICE_NAME,
            "command_choice_name_length",
        )
        errors += _max_length(
            (*path, "choices", index, "value"),
            choice.get("value"),
            MAX_CHOICE_VALUE,
            "command_choice_value_length",
        )
    return errors


def _check_name(path: Path, name: Any, rule: str) -> list[FormError]:
    if not isinstance(name, str) or not COMMAND_NAME.match(name):
        return [
            FormError(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid", rule)
        ]
    return []


def _check_options(path: Path, options: Any, depth: int) -> list[FormError]:
    """Options of a command, subcommand group or subcommand (``depth`` 0, 1, 2)."""
    if not options:
        return []
    if not isinstance(options, list):
        return [FormError(path, "BASE_TYPE_BAD_TYPE", "Must be an array.", "command_options")]
    errors = _max_length(path, options, MAX_OPTIONS, "command_option_count")
    seen: set[str] = set()
    optional_seen = False
    kinds = {option.get("type") for option in options}
    if {SUB_COMMAND, SUB_COMMAND_GROUP} & kinds and kinds - {SUB_COMMAND, SUB_COMMAND_GROUP}:
        errors.append(
            FormError(
                path,
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Sub-command and sub-command group option types are mutually "
                "exclusive to all other types",
                "command_option_mixing",
            )
        )
    for index, option in enumerate(options):
        option_path = (*path, index)
        kind = option.get("type")
        name = option.get("name")
        errors += _check_name((*option_path, "name"), name, "command_option_name")
        errors += _bad_length(
            (*option_path, "description"),
            option.get("description"),
            1,
            MAX_COMMAND_DESCRIPTION,
            "command_option_description",
        )
        if name in seen:
            errors.append(
                FormError(
                    (*option_path, "name"),
                    "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                    "Option name already exists",
                    "command_option_duplicate",
                )
            )
        seen.add(name)
        if kind not in OPTION_TYPES:
            errors.append(
                FormError(
                    (*option_path, "type"),
                    "BASE_TYPE_CHOICES",
                    "Value must be one of {1, 2, ..., 11}.",
                    "command_option_type",
                )
            )
            continue
        if kind == SUB_COMMAND_GROUP:
            if depth != 0:
                errors.append(
                    FormError(
                        (*option_path, "type"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "Sub-command groups cannot be nested",
                        "command_nesting",
                    )
                )
            nested = option.get("options") or []
            if any(child.get("type") != SUB_COMMAND for child in nested):
                errors.append(
                    FormError(
                        (*option_path, "options"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "Sub-command groups may only contain sub-commands",
                        "command_nesting",
                    )
                )
            errors += _check_options((*option_path, "options"), nested, depth + 1)
            continue
        if kind == SUB_COMMAND:
            if depth >= 2:
                errors.append(
                    FormError(
                        (*option_path, "type"),
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                        "Sub-commands cannot be nested this deep",
                        "command_nesting",
                    )
                )
            errors += _check_options((*option_path, "options"), option.get("options"), 2)
            continue
        if option.get("required"):
            if optional_seen:
                errors.append(
                    FormError(
                        (*option_path, "required"),
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                        "command_option_order",
                    )
                )
        else:
            optional_seen = True
        errors += _check_choices(option_path, option)
    return errors


def check_command(command: Any, index: int) -> list[FormError]:
    path: Path = (index,)
    if not isinstance(command, dict):
        return [
            FormError(
                path,
                "DICT_TYPE_CONVERT",
                "Only dictionaries may be used in a DictType",
                "command_shape",
            )
        ]
    kind = command.get("type", 1)
    if kind == 1:
        errors = _check_name((*path, "name"), command.get("name"), "command_name")
        errors += _bad_length(
            (*path, "description"),
            command.get("description"),
            1,
            MAX_COMMAND_DESCRIPTION,
            "command_description",
        )
        errors += _check_options((*path, "options"), command.get("options"), 0)
    elif kind in (2, 3, 4):
        errors = _bad_length((*path, "name"), command.get("name"), 1, 32, "command_name")
        if command.get("description"):
            errors.append(
                FormError(
                    (*path, "description"),
                    "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                    "Context menu commands cannot have a description",
                    "command_description",
                )
            )
        if command.get("options"):
            errors.append(
                FormError(
                    (*path, "options"),
                    "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS",
                    "Context menu commands cannot have options",
                    "command_options",
                )
            )
    else:
        errors = [
            FormError(
                (*path, "type"),
                "BASE_TYPE_CHOICES",
                "Value must be one of {1, 2, 3, 4}.",
                "command_type",
            )
        ]
    return errors


def check_command_list(commands: Any) -> list[FormError]:
    """A bulk overwrite (``PUT .../commands``): each command, then the list as a whole."""
    if not isinstance(commands, list):
        return [FormError((), "BASE_TYPE_BAD_TYPE", "Must be an array.", "command_shape")]
    errors: list[FormError] = []
    for index, command in enumerate(commands):
        errors += check_command(command, index)
    seen: set[tuple[int, str]] = set()
    counts: dict[int, int] = {}
    for index, command in enumerate(commands):
        if not isinstance(command, dict):
            continue
        key = (command.get("type", 1), command.get("name", ""))
        counts[key[0]] = counts.get(key[0], 0) + 1
        if key in seen:
            errors.append(
                FormError(
                    (index, "name"),
                    "APPLICATION_COMMANDS_DUPLICATE_NAME",
                    f"Application command names must be unique: {key[1]}",
                    "command_duplicate_name",
                )
            )
        seen.add(key)
    if counts.get(1, 0) > MAX_CHAT_INPUT_COMMANDS:
        errors.append(
            FormError(
                (),
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {MAX_CHAT_INPUT_COMMANDS} or fewer in length.",
                "command_count",
            )
        )
    for kind in (2, 3):
        if counts.get(kind, 0) > MAX_CONTEXT_MENU_COMMANDS:
            errors.append(
                FormError(
                    (),
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_CONTEXT_MENU_COMMANDS} or fewer in length.",
                    "command_count",
                )
            )
    return errors


# --------------------------------------------------------------------------- interactions


def check_autocomplete_result(data: Any) -> list[FormError]:
    choices = (data or {}).get("choices")
    if not isinstance(choices, list):
        return [
            FormError(
                ("data", "choices"),
                "BASE_TYPE_REQUIRED",
                "This field is required",
                "autocomplete_choices_required",
            )
        ]
    errors = _max_length(
        ("data", "choices"), choices, MAX_AUTOCOMPLETE_CHOICES, "autocomplete_choice_count"
    )
    for index, choice in enumerate(choices):
        path: Path = ("data", "choices", index)
        errors += _bad_length(
            (*path, "name"),
            choice.get("name"),
            1,
            MAX_CHOICE_NAME,
            "autocomplete_choice_name_length",
        )
        errors += _max_length(
            (*path, "value"),
            choice.get("value"),
            MAX_CHOICE_VALUE,
            "autocomplete_choice_value_length",
        )
    return errors


# Which callback types Discord accepts for which interaction type.
ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    2: frozenset({4, 5, 9}),  # application command: message, deferred, modal
    3: frozenset({4, 5, 6, 7, 9}),  # component: + deferred update, update
    4: frozenset({8}),  # autocomplete: only a result
    5: frozenset({4, 5, 6, 7}),  # modal submit
}


def check_callback_type(interaction_type: int, callback_type: Any) -> list[FormError]:
    if callback_type not in ALLOWED_CALLBACKS.get(interaction_type, frozenset()):
        return [
            FormError(
                ("type",),
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Interaction response type {callback_type!r} is not valid for "
                f"interaction type {interaction_type}",
                "callback_type_invalid",
            )
        ]
    return []
