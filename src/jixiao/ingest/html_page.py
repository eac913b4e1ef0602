"""A web page's bytes to its main content element: encoding, parsing, and dropping the portal around it.

Encoding, in the order a browser trusts them: a byte-order mark, the page's own ``<meta charset>`` or
``http-equiv`` declaration, then charset-normalizer's guess. A declared GB2312 or GBK is decoded as
GB18030, its superset (pages declared GB2312 routinely hold characters outside it).

The document in a 政务公开 page sits among navigation bars, breadcrumbs, sidebars of links, share
widgets, 打印/关闭 links and footers. The main content is found by text density, not by one portal's
class names: every container is scored by the text of its own paragraphs and data tables that is not
link text; the best container, widened to take in the document's title just above it, is the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from jixiao.errors import CorruptFileError
from jixiao.errors import EmptyDocumentError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
# Elements that never hold the document's text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "template",
    "button",
    "select",
    "input",
    "textarea",
    "form",
    "nav",
    "head",
    "link",
    "meta",
)
# Class/id words of page furniture on portals; matched as whole words of the attribute.
_CHROME_WORDS = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|header|footer|foot|breadcrumbs?|crumbs?|location|position|share|"
    r"bdshare|social|sidebar|side|toolbar|print|copyright|banner|topbar|search|login|related|"
    r"pager|pagination|qrcode|ewm)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
# Lines that are page furniture whatever element holds them.
_CHROME_LINE = re.compile(
    r"^(?:当前位置|您当前的位置|您的位置|所在位置|位置)[:：]"
    r"|^(?:发布时间|发布日期|信息来源|来源|浏览次数|访问次数|点击数|阅读次数|作者|责任编辑|编辑)[:：]"
    r"|^[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|分享到?|字体|字号)"
    r"|^分享到[:：]?"
    r"|^(?:主办单位|承办单位|主办|承办|网站标识码|备案号|版权所有|技术支持|联系我们)[:：\s]"
    r"|(?:ICP备|公网安备)\s*\d"
)
PARAGRAPH_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "center",
        "caption",
        "address",
        "figure",
        "figcaption",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "body",
        "hr",
    }
)
"""Elements that end the paragraph before them and start one of their own (block-level elements)."""
# A container's own text (what scores it as the document's body) leaves out the text of these children too.
_BLOCK_TAGS = PARAGRAPH_TAGS | {"table", "header", "footer", "aside", "font"}
_TITLE_TAGS = ("h1", "h2", "h3")
MIN_DOCUMENT_CHARS = 60
"""Characters of non-link text a page must hold to count as a document."""


def decode_page(path: str, data: bytes) -> tuple[str, str]:
    """The page's text and the encoding it was decoded with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), "utf-16"
    match = _META_CHARSET.search(data[:8192])
    if match:
        declared = match.group(1).decode("ascii", "ignore").lower()
        encoding = "gb18030" if declared in _GB_FAMILY else declared
        try:
            return data.decode(encoding), declared
        except LookupError:
            pass
        except UnicodeDecodeError:
            pass  # a wrong declaration: fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise CorruptFileError(path, "web page in an encoding that cannot be recognised")
    encoding = best.encoding
    if encoding.replace("_", "").lower() in ("gb2312", "gbk", "cp936"):
        encoding = "gb18030"
    return data.decode(encoding, "replace"), best.encoding


def parse_page(path: str, text: str) -> etree._Element:
    # lxml refuses a str that declares its own encoding in an XML prolog.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    # Plain etree elements: lxml.html's element classes cost a class lookup on every node visited.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, remove_blank_text=False)
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(path, f"web page cannot be parsed ({exc})") from exc
    if root is None:
        raise CorruptFileError(path, "web page cannot be parsed: no elements in it")
    return root


def element_text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _is_chrome(el: etree._Element) -> bool:
    if el.tag in ("header", "footer", "aside"):
        return True
    marks = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(marks.strip()) and bool(_CHROME_WORDS.search(marks))


PATH_ATTRIBUTE = "data-jixiao-path"


def _shown_path(path: str) -> str:
    return path.removeprefix("/html/").lstrip("/")


def _visible_length(text: str | None) -> int:
    """Characters that are not whitespace (what ``element_text`` keeps, less its joining spaces)."""
    return 0 if not text or text.isspace() else len("".join(text.split()))


class TextCounts:
    """Per element of the page, counted in one walk: characters of its text that are not whitespace, the
    same within its links, and its links. The page's scoring asks these of every container; computed
    per element they would read each text once per ancestor.

    The same walk records each element's path in the page as published (:data:`PATH_ATTRIBUTE`), before
    anything else is removed: lxml's ``getpath`` (``/html/body/div[2]/table/tr[3]``: a tag, indexed when
    its parent has more than one child of that tag), built from the parent's path — ``getpath`` counts
    an element's siblings every time, which is quadratic in the rows of a long table.
    """

    def __init__(self, root: etree._Element) -> None:
        self.visible: dict[etree._Element, int] = {}
        self.linked: dict[etree._Element, int] = {}
        self.links: dict[etree._Element, int] = {}
        top = root.getroottree().getpath(root)
        root.set(PATH_ATTRIBUTE, _shown_path(top))
        order: list[tuple[etree._Element, list[etree._Element]]] = []
        stack = [(root, top)]
        while stack:
            el, path = stack.pop()
            children = list(el)
            order.append((el, children))
            children = [c for c in children if isinstance(c.tag, str)]
            if not children:
                continue
            totals: dict[str, int] = {}
            for child in children:
                totals[child.tag] = totals.get(child.tag, 0) + 1
            seen: dict[str, int] = {}
            for child in children:
                tag = child.tag
                if totals[tag] > 1:
                    seen[tag] = seen.get(tag, 0) + 1
                    child_path = f"{path}/{tag}[{seen[tag]}]"
                else:
                    child_path = f"{path}/{tag}"
                child.set(PATH_ATTRIBUTE, _shown_path(child_path))
                stack.append((child, child_path))
        for el, nodes in reversed(order):  # children before their parent
            visible = _visible_length(el.text)
            linked = len("".join(el.itertext()).strip()) if el.tag == "a" else 0
            links = 0
            for child in nodes:
                if isinstance(child.tag, str):
                    visible += self.visible[child]
                    linked += self.linked[child]
                    links += self.links[child] + (child.tag == "a")
                visible += _visible_length(child.tail)
            self.visible[el] = visible
            self.linked[el] = linked
            self.links[el] = links

    def remove(self, el: etree._Element) -> None:
        """Take ``el`` out of the tree (its tail stays) and its text out of its ancestors' counts."""
        visible, linked, links = self.visible[el], self.linked[el], self.links[el] + (el.tag == "a")
        parent = el.getparent()
        _remove(el)
        while parent is not None and parent in self.visible:
            self.visible[parent] -= visible
            self.linked[parent] -= linked
            self.links[parent] -= links
            parent = parent.getparent()


def strip_chrome(root: etree._Element) -> TextCounts:
    """Remove scripts, styles, navigation, link lists and furniture; record the paths of what stays.

    Elements of the dropped kinds go first: every one of them goes, so the paths of the others (which
    count only siblings of their own tag) are the paths in the page as published.

    Returns:
        the text counts of what is left (for :func:`find_main`).
    """
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            _remove(el)
    for el in list(root.iter(etree.Comment)):
        if el.getparent() is not None:
            _remove(el)
    body = root.find("body")
    top = body if body is not None else root
    counts = TextCounts(root)
    # Document order; what is removed is not entered (nothing in it reaches the document any more).
    # An element's subtree is as parsed when it is visited, so the counts made up front hold.
    stack = [top]
    while stack:
        el = stack.pop()
        if el is not top and el.tag not in ("html", "body") and _is_furniture(el, counts):
            counts.remove(el)
            continue
        stack.extend(reversed([c for c in el if isinstance(c.tag, str)]))
    return counts


def _is_furniture(el: etree._Element, counts: TextCounts) -> bool:
    """Page furniture by its class or id (unless it holds a data table), or a block that is a list of links."""
    chrome = _is_chrome(el)
    if el.tag in ("td", "th", "tr", "tbody", "thead", "table") and not chrome:
        return False
    if chrome and not _holds_data_table(el):
        return True
    return el.tag in ("ul", "ol", "div", "p", "dl", "span", "li") and _link_list(el, counts)


def _holds_data_table(el: etree._Element) -> bool:
    return any(len(t.findall(".//tr")) >= 3 for t in el.iter("table"))


def _link_list(el: etree._Element, counts: TextCounts) -> bool:
    """Mostly links: a menu, a list of related articles, a friendly-links block."""
    compact = counts.visible[el]
    if not compact:
        return False
    links = counts.links[el]
    linked = counts.linked[el]
    if links >= 2 and linked >= 0.6 * compact:
        return True
    return (
        links == 1
        and linked >= 0.9 * compact
        and compact <= 12
        and bool(_CHROME_LINE.search(element_text(el)))
    )


def _remove(el: etree._Element) -> None:
    """Remove ``el`` but keep its tail text (which belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


@dataclass
class _Score:
    element: etree._Element
    score: float


def find_main(path: str, root: etree._Element, counts: TextCounts | None = None) -> etree._Element:
    """The element holding the document: highest density of non-link text, widened to its title.

    ``counts``: the text counts of the page as it now is (what :func:`strip_chrome` returns).
    """
    body = root.find("body")
    if body is None:
        body = root
    if counts is None or body not in counts.visible:
        counts = TextCounts(body)
    total = counts.visible[body] - counts.linked[body]
    if total < MIN_DOCUMENT_CHARS:
        links = counts.links[body]
        raise EmptyDocumentError(
            path,
            f"no document in this web page: {max(total, 0)} characters of text outside {links} links"
            " (a portal index or list page?)",
        )
    scores: dict[etree._Element, float] = {}
    for el in body.iter("p", "td", "div", "br", "table", "span", "font", "li", "pre", "h1", "h2", "h3"):
        own = _own_text_length(el, counts)
        if own < 8 and el.tag != "table":
            continue
        weight = float(own)
        if el.tag == "table" and not _is_layout_table(el):
            weight += counts.visible[el]
        parent = el.getparent()
        level = 1.0
        while parent is not None and level > 0.1:
            scores[parent] = scores.get(parent, 0.0) + weight * level
            if parent is body:
                break
            parent = parent.getparent()
            level *= 0.5
    if not scores:
        return body
    best = max(scores, key=lambda el: scores[el])
    # Widen to an ancestor when the best element is one part of a document split over siblings.
    while best is not body:
        parent = best.getparent()
        if parent is None:
            break
        if scores.get(parent, 0.0) >= 1.25 * scores[best]:
            best = parent
            continue
        break
    return _with_title(best, body)


def _own_text_length(el: etree._Element, counts: TextCounts) -> int:
    """Text directly in ``el`` and its inline children, not in nested blocks, less link text."""
    n = len((el.text or "").strip())
    for child in el:
        if not isinstance(child.tag, str):
            n += len((child.tail or "").strip())
            continue
        if child.tag not in _BLOCK_TAGS and child.tag != "a":
            n += counts.visible[child]
        n += len((child.tail or "").strip())
    return n


def _is_layout_table(table: etree._Element) -> bool:
    """A table used to lay out the page (it holds the content, not data): a heading inside it, a cell
    holding several blocks of its own, or one or two columns of cells around nested tables."""
    if table.find(".//h1") is not None or table.find(".//h2") is not None:
        return True
    rows = _rows(table)
    cells = [c for tr in rows for c in tr if c.tag in ("td", "th")]
    if len(cells) <= 1:
        return True
    for cell in cells:
        blocks = [c for c in cell if c.tag in ("p", "div", "table", "ul", "h3", "section", "article")]
        if len(blocks) >= 3 and any(c.tag in ("div", "table") for c in blocks):
            return True
    cols = max((sum(1 for c in tr if c.tag in ("td", "th")) for tr in rows), default=0)
    return cols <= 2 and len(rows) <= 3 and table.find(".//table") is not None


def _rows(table: etree._Element) -> list[etree._Element]:
    """Rows of ``table`` itself (not of nested tables)."""
    out = []
    for child in table:
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("tbody", "thead", "tfoot"):
            out.extend(c for c in child if c.tag == "tr")
    return out


def table_rows(table: etree._Element) -> list[etree._Element]:
    return _rows(table)


def is_layout_table(table: etree._Element) -> bool:
    return _is_layout_table(table)


def _with_title(main: etree._Element, body: etree._Element) -> etree._Element:
    """``main``, or an ancestor that also holds the heading just before it (the document's title)."""
    if main.find(".//h1") is not None:
        return main
    node = main
    for _ in range(4):
        parent = node.getparent()
        if parent is None:
            break
        title = _title_before(node)
        if title is not None:
            return parent
        if parent is body:
            break
        node = parent
    return main


def _title_before(node: etree._Element) -> etree._Element | None:
    sibling = node.getprevious()
    hops = 0
    while sibling is not None and hops < 3:
        if isinstance(sibling.tag, str):
            if sibling.tag in _TITLE_TAGS or "title" in (sibling.get("class") or "").lower():
                text = element_text(sibling)
                if 4 <= len(text) <= 120:
                    return sibling
            hops += 1
        sibling = sibling.getprevious()
    return None


def is_chrome_line(text: str) -> bool:
    return bool(_CHROME_LINE.search(text))
