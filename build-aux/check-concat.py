#!/usr/bin/env python3
# Fails, naming file:line, where a user-visible string is built by gluing translated pieces
# together instead of translating one whole sentence. Translators must see the whole sentence:
# word order, agreement and spacing differ between languages, and a piece on its own is often
# ambiguous. Run from anywhere: check-concat.py [SOURCE_ROOT] (default: this script's project).
#
# What counts as translated: _(), C_(), N_(), NC_(), ngettext(), g_dngettext(), g_dpgettext2(),
# g_dgettext(), or a variable that was assigned one of those earlier in the same function.
# A sentence fragment is a string literal with a letter in it (after taking out printf
# conversions and escapes); punctuation and white space alone (", ", "\n", " · ") are not.
#
# The rules, in app/**/*.c:
#   1. g_strconcat() / g_strjoin(): among the pieces, two translated ones, or a translated one
#      and a fragment.
#   2. printf-style calls (g_strdup_printf, g_string_printf, g_string_append_printf, g_snprintf,
#      g_printerr, g_print, g_set_error, g_task_return_new_error, g_error_new, …) whose format is
#      NOT translated: two or more translated arguments, or a translated argument and a format that
#      is itself a fragment ("%s ago", "Call %s").
#   3. Consecutive g_string_append*/g_string_prepend* statements on the same GString: two
#      translated pieces, or a translated piece and a fragment, with no line break ("\n") between
#      them (lines of a list, each translated whole, are fine).
# And in app/**/*.c and app/**/*.ui:
#   4. A translatable string that begins or ends with a space: made to be glued to another.
#
# Not caught: pieces joined through helpers in another function, or widgets laid side by side to
# read as one sentence; review those. A line with the comment "concat-ok: <why>" is skipped.
import os
import re
import sys

TRANSLATED_CALL = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|ngettext|g_dngettext|g_dpgettext2?|g_dgettext|g_dcgettext)\s*\(')
PRINTF = {
    'g_strdup_printf': 0, 'g_string_printf': 1, 'g_string_append_printf': 1, 'g_string_prepend_printf': 1,
    'g_snprintf': 2, 'g_printerr': 0, 'g_print': 0, 'g_set_error': 3, 'g_task_return_new_error': 3,
    'g_error_new': 2, 'g_prefix_error': 1, 'g_markup_printf_escaped': 0, 'g_strdup_vprintf': 0,
}
APPEND = re.compile(r'\bg_string_(append|prepend)(_printf|_c|_len)?\s*\(')
CONCAT = {'g_strconcat': 0, 'g_strjoin': 1}


def string_end(text, i):
    """Index of the quote closing the string or character literal opened at i."""
    j = i + 1
    while j < len(text) and text[j] != text[i]:
        j += 2 if text[j] == '\\' else 1
    return j


def strip_comments(text):
    """Comments become spaces (newlines kept, so line numbers stay right); strings are kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = string_end(text, i)
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def scan(text, start=0):
    """(index, character, bracket depth after it) for each character outside string literals."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c in '"\'':
            i = string_end(text, i) + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        yield i, c, depth
        i += 1


def matching_paren(text, open_at):
    """Index of the ')' closing the '(' at open_at (strings skipped), or -1."""
    for i, c, depth in scan(text, open_at):
        if c in ')]}' and depth == 0:
            return i
    return -1


def split_args(text):
    """The top-level comma-separated arguments of an argument list (without the parentheses)."""
    args, start = [], 0
    for i, c, depth in scan(text):
        if c == ',' and depth == 0:
            args.append(text[start:i].strip())
            start = i + 1
    args.append(text[start:].strip())
    return args


def literal_text(arg):
    """The text of an argument made only of (adjacent) string literals, else None."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', arg)
    if not parts or re.sub(r'"((?:[^"\\]|\\.)*)"', '', arg).strip():
        return None
    return ''.join(parts)


def is_fragment(literal):
    text = re.sub(r"%[-+ #0']*[0-9*]*(\.[0-9*]+)?(hh|h|ll|l|L|z|j|t|G_GINT64_MODIFIER)?[a-zA-Z%]", '', literal)
    text = re.sub(r'\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)', ' ', text)
    return re.search(r'[^\W\d_]', text) is not None


def is_translated(arg, names):
    if TRANSLATED_CALL.search(arg):
        return True
    # A variable holding a translation, possibly as one side of a ?: (cond ? name : "").
    return any(re.search(r'(?<![A-Za-z0-9_>.])' + re.escape(name) + r'(?![A-Za-z0-9_(])', arg) for name in names)


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


def function_bodies(text):
    """(start, end) of each top-level { } block: function bodies and initialisers."""
    i, n = 0, len(text)
    while i < n:
        if text[i] == '{':
            end = matching_paren(text, i)
            if end < 0:
                return
            yield i, end
            i = end + 1
        elif text[i] in '"\'':
            i = string_end(text, i) + 1
        else:
            i += 1


def translated_names(body):
    return set(re.findall(r'([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:N?C?_|ngettext|g_dngettext|g_dpgettext2?)\s*\(', body))


def check_c(path, text, report):
    code = strip_comments(text)
    lines = text.split('\n')

    def flag(pos, why):
        line = line_of(code, pos)
        if 'concat-ok' not in lines[line - 1]:
            report.append(f'{path}:{line}: {why}')

    for start, end in function_bodies(code):
        body_names = translated_names(code[start:end])

        for m in re.finditer(r'\b([A-Za-z_][A-Za-z0-9_]*)\s*\(', code[start:end]):
            name = m.group(1)
            if name not in CONCAT and name not in PRINTF:
                continue
            open_at = start + m.end() - 1
            close = matching_paren(code, open_at)
            if close < 0:
                continue
            args = split_args(code[open_at + 1:close])
            if name in CONCAT:
                pieces = [a for a in args[CONCAT[name]:] if a != 'NULL']
                tr = [a for a in pieces if is_translated(a, body_names)]
                frag = [a for a in pieces if not is_translated(a, body_names) and literal_text(a) is not None
                        and is_fragment(literal_text(a))]
                if len(tr) >= 2 or (tr and frag):
                    flag(start + m.start(), f'{name}() joins translated pieces{" and a sentence fragment" if frag else ""}: '
                         'translate the whole sentence (one string with placeholders)')
            else:
                at = PRINTF[name]
                if len(args) <= at:
                    continue
                fmt = args[at]
                if is_translated(fmt, body_names):
                    continue
                literal = literal_text(fmt)
                tr = [a for a in args[at + 1:] if is_translated(a, body_names)]
                if len(tr) >= 2 or (tr and literal is not None and is_fragment(literal)):
                    flag(start + m.start(), f'{name}() builds a sentence from translated pieces with an untranslated '
                         'format: translate the format with its placeholders')

        check_appends(code, start, end, body_names, flag)

    for m in re.finditer(r'(?<![A-Za-z0-9_])(N?C?_)\s*\(\s*(?:"[^"]*"\s*,\s*)?((?:"(?:[^"\\]|\\.)*"\s*)+)[,)]', code):
        value = literal_text(m.group(2))
        if value and (value[0] == ' ' or value.endswith(' ')):
            flag(m.start(), 'a translatable string begins or ends with a space, to be glued to another piece')


def check_appends(code, start, end, names, flag):
    """Rule 3: runs of g_string_append*() statements on one GString."""
    run_target, pieces = None, []

    def finish():
        segment = []
        for pos, arg in pieces + [(None, '"\\n"')]:
            lit = literal_text(arg)
            if (lit is not None and '\\n' in lit) or arg == "'\\n'":
                tr = [p for p in segment if p[1] == 'tr']
                frag = [p for p in segment if p[1] == 'frag']
                if len(tr) >= 2 or (tr and frag):
                    flag(tr[-1][0] if len(tr) >= 2 else max(tr[0][0], frag[0][0]),
                         'g_string_append() joins translated pieces into one line: translate the whole sentence')
                segment = []
            elif is_translated(arg, names):
                segment.append((pos, 'tr'))
            elif lit is not None and is_fragment(lit):
                segment.append((pos, 'frag'))
            else:
                segment.append((pos, 'other'))

    statement = re.compile(r'\s*g_string_(append|prepend)(_printf|_c|_len)?\s*\(')
    body = code[start:end]
    for m in re.finditer(r'[;{}]', body):
        stmt_start = start + m.end()
        s = statement.match(code, stmt_start)
        if not s:
            if m.group(0) in '{}' or not code[stmt_start:stmt_start + 200].lstrip().startswith('g_string_'):
                if pieces:
                    finish()
                run_target, pieces = None, []
            continue
        close = matching_paren(code, s.end() - 1)
        if close < 0:
            continue
        args = split_args(code[s.end():close])
        target = args[0]
        if target != run_target:
            if pieces:
                finish()
            run_target, pieces = target, []
        if s.group(2) == '_printf':
            fmt = args[1] if len(args) > 1 else ''
            if is_translated(fmt, names):
                pieces.append((s.start(), '_("")'))
            else:
                pieces.append((s.start(), fmt))
                pieces.extend((s.start(), a) for a in args[2:])
        else:
            pieces.append((s.start(), args[1] if len(args) > 1 else ''))
    if pieces:
        finish()


def check_ui(path, text, report):
    for m in re.finditer(r'translatable="yes"[^>]*>([^<]*)<', text):
        value = m.group(1)
        if value and (value[0] == ' ' or value.endswith(' ')):
            line = line_of(text, m.start())
            if 'concat-ok' not in text.split('\n')[line - 1]:
                report.append(f'{path}:{line}: a translatable string begins or ends with a space, to be glued to another piece')


SELF_TEST = {
    'g_strconcat (_("A"), _("B"), NULL);': True,
    'g_strconcat (_("Calls"), " today", NULL);': True,
    'g_strconcat (_("Calls"), ": ", name, NULL);': False,
    'g_strdup_printf ("%s%s", _("A"), _("B"));': True,
    'g_strdup_printf ("%s ago", _("5 min"));': True,
    'g_strdup_printf ("%s · %s", name, _("Open"));': False,
    'const char *label = _("Hello"); g_strconcat (label, " world", NULL);': True,
    'g_string_append (s, _("A")); g_string_append (s, _("B"));': True,
    'g_string_append (s, _("A")); g_string_append_c (s, \'\\n\'); g_string_append (s, _("B"));': False,
    'g_string_append (s, _("A")); g_string_append (s, "\\n"); g_string_append (s, _("B"));': False,
    'g_strdup_printf (ngettext ("%d call", "%d calls", n), n);': False,
    'g_prefix_error (&error, "%s", _("Could not save: "));': True,
    'g_strconcat (_("A"), _("B"), NULL); /* concat-ok: a test */': False,
}


def self_test():
    """Each rule on a small case, both ways."""
    failures = 0
    for case, offends in SELF_TEST.items():
        report = []
        check_c('case.c', 'static void\nf (void)\n{\n  ' + case + '\n}\n', report)
        if bool(report) != offends:
            print(f'self-test: {"missed" if offends else "wrongly flagged"}: {case}')
            failures += 1
    for value, offends in (('Last seen ', True), ('Last seen', False)):
        report = []
        check_ui('case.ui', f'<property name="label" translatable="yes">{value}</property>', report)
        if bool(report) != offends:
            print(f'self-test: {"missed" if offends else "wrongly flagged"}: .ui "{value}"')
            failures += 1
    return failures


def main():
    if self_test():
        return 1
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    report, files = [], 0
    for root, _, names in os.walk(os.path.join(top, 'app')):
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, top)
            if name.endswith('.c'):
                with open(path, encoding='utf-8') as f:
                    check_c(rel, f.read(), report)
            elif name.endswith('.ui'):
                with open(path, encoding='utf-8') as f:
                    check_ui(rel, f.read(), report)
            else:
                continue
            files += 1
    for line in sorted(set(report)):
        print(line)
    if report:
        print(f'{len(set(report))} place(s) build a sentence from translated pieces (rules: build-aux/check-concat.py)')
        return 1
    print(f'No sentence built from translated pieces in {files} files')
    return 0


if __name__ == '__main__':
    sys.exit(main())
