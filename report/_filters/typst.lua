-- Both engines, typst (PDF) only: listed once in _quarto.yml `filters:` after the `quarto` entry, so Quarto
-- runs it after its own filters and the built-in engine passes it to pandoc in pass 2 (after callouts.lua).
--
-- 1. Literal text stays text. Pandoc's typst writer escapes a paragraph that starts like a list item
--    ("1. januar"), but not the start of a table cell or other content block: "[25. august 2021]" becomes
--    an enumerated list in typst. Every block whose text starts with a typst line marker (a number and a
--    dot, "-", "+", "=", "/") gets an empty string `#""` in front, so typst never sees a line start there.
--    One rule in the writer path, for every string from data or prose.
-- 2. Images carry their alternative text (fig-alt, the same as in HTML): typst's PDF/UA-1 check refuses
--    an image without it, and pandoc's writer drops the description.
-- 3. A table's total row ("I alt") is its footer, so it never starts a page on its own.
-- 4. A figure's source line: the shared typst settings' figure-source (report/_typst/house.typ).
-- 5. Dots stay dots: typst reads "..." in markup as an ellipsis (U+2026), and pandoc's typst writer escapes
--    "--" and "~" but not "...". Every dot after the first of a run is written as typst's escape `\.`, so a
--    data string "svaret 'Ja' ... om" reaches the PDF text layer as three full stops, as HTML and DOCX show it.

local MARKERS = {"^%d+%.", "^[%-%+=/]"}

local function starts_like_markup(inlines)
  local first = inlines[1]
  if not first or first.t ~= "Str" then return false end
  for _, pattern in ipairs(MARKERS) do
    if first.text:match(pattern) then return true end
  end
  return false
end

local function guard(block)
  if starts_like_markup(block.content) then
    block.content:insert(1, pandoc.RawInline("typst", '#""'))
    return block
  end
  return nil
end

local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", " ") .. '"'
end

local function image(img)
  local alt = pandoc.utils.stringify(img.caption)
  if alt == "" then return nil end   -- PDF/UA-1 then stops the compile, naming this figure
  return pandoc.RawInline("typst", "#image(" .. typst_string(img.src) .. ", alt: " .. typst_string(alt) .. ")")
end

local function is_total(row)
  local first = row.cells[1]
  if not first then return false end
  local text = pandoc.utils.stringify(first.contents)
  return text == "I alt" or text:match("^I alt[%s%p]") ~= nil or text == "Total"
end

local function total_row_as_footer(tbl)
  local body = tbl.bodies[#tbl.bodies]
  if not body or #body.body < 3 or #tbl.foot.rows > 0 then return nil end
  local last = body.body[#body.body]
  if not is_total(last) then return nil end
  body.body:remove(#body.body)
  tbl.foot.rows:insert(last)
  return tbl
end

local function figure_source(div)
  if not div.classes:includes("figure-source") then return nil end
  local out = pandoc.Blocks({pandoc.RawBlock("typst", "#figure-source[")})
  out:extend(div.content)
  out:insert(pandoc.RawBlock("typst", "]"))
  return out
end

local function literal_dots(str)
  if not str.text:find("..", 1, true) then return nil end
  local out, rest = pandoc.List(), str.text
  while true do
    local first, last = rest:find("%.%.+")
    if not first then break end
    if first > 1 then out:insert(pandoc.Str(rest:sub(1, first - 1))) end
    out:insert(pandoc.Str("."))
    out:insert(pandoc.RawInline("typst", string.rep("\\.", last - first)))
    rest = rest:sub(last + 1)
  end
  if rest ~= "" then out:insert(pandoc.Str(rest)) end
  return out
end

-- 6. Headings deeper than number-depth carry no number (Quarto's typst book numbers every level; the built-in
--    engine's numbering stops at number-depth, as Quarto's HTML does): they are written unnumbered.
local number_depth = 3

local function read_depth(meta)
  if meta["number-depth"] then number_depth = tonumber(pandoc.utils.stringify(meta["number-depth"])) or 3 end
end

local function unnumbered_below_depth(h)
  if h.level > number_depth and not h.classes:includes("unnumbered") then
    h.classes:insert("unnumbered")
    return h
  end
  return nil
end

if not FORMAT:match("typst") then return {} end

return {
  {Meta = read_depth},
  {Header = unnumbered_below_depth},
  {Div = figure_source},
  {Str = literal_dots},
  {Para = guard, Plain = guard, Image = image, Table = total_row_as_footer},
}
