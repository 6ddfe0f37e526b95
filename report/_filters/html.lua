-- Both engines, HTML only: listed once in _quarto.yml `filters:` after the `quarto` entry (the built-in engine
-- passes it to pandoc in pass 2, after callouts.lua). Tables scroll in their own region, figures of several
-- panels have a phone variant, the end-notes have a heading.
-- A table sits in a scroll region of its own: on a phone a wide table scrolls sideways while its key
-- column stays put (report.css), and the region can be reached and scrolled with the keyboard
-- (tabindex, role and a name from the caption, as WCAG 2.1.1 and axe's scrollable-region rule ask).

local function caption_text(tbl)
  local text = pandoc.utils.stringify(tbl.caption.long or {})
  if text == "" then return "Tabel" end
  return text
end

-- A slash between words ("flygtninge/familiesammenførte") is no place the browser may break a line, so a
-- column holding such a pair could not be narrower than the whole of it, and Quarto's final Tabel 8.1 was wider
-- than its 663-px text column at 1280 px. A <wbr> after the slash allows the break; the text stays the same.
local function slash_breaks(s)
  local text, parts, start = s.text, pandoc.Inlines{}, 1
  for after in text:gmatch("[^%s%d]/()[^%s%d]") do
    parts:insert(pandoc.Str(text:sub(start, after - 1)))
    parts:insert(pandoc.RawInline("html", "<wbr>"))
    start = after
  end
  if start == 1 then return nil end
  parts:insert(pandoc.Str(text:sub(start)))
  return parts
end

local function Table(tbl)
  tbl = tbl:walk({Str = slash_breaks})
  return pandoc.Div({tbl}, pandoc.Attr("", {"table-scroll"},
    -- a list of pairs, not a Lua table: the attributes keep this order (a table's order varies per run)
    {{"tabindex", "0"}, {"role", "region"}, {"aria-label", caption_text(tbl)}}))
end

-- On a phone a figure keeps a legible size and scrolls sideways (report.css): its region must then be
-- reachable with the keyboard too.
local function Figure(fig)
  fig.attributes["tabindex"] = "0"
  return fig
end

-- A figure of several panels has a phone variant (vvvanalysis.style.finish): its panels one above the other, as
-- wide as a phone's column. The page gets both images, each with the figure's alternative text; house.css shows the
-- wide one above its breakpoint and the phone one below it (display: none also takes the other one out of the
-- accessibility tree, so a screen reader reads the figure once). PDF and DOCX never see the phone variant.
-- Built-in engine: the image names its phone file (attribute vvv-phone, render/shortcodes.py). Quarto: its stage
-- wrote report/<round>/_generated/<label>-phone.svg (render/quarto.py), found by the label of the notebook cell
-- (Quarto's cell div has the label as its id) and named relative to the chapter, as Quarto's own images are.
local function with_phone(img, src)
  local wide, phone = img:clone(), img:clone()
  wide.attributes["vvv-phone"], phone.attributes["vvv-phone"] = nil, nil
  wide.classes:insert("vvv-wide")
  phone.classes:insert("vvv-phone")
  phone.src = src
  if img.identifier ~= "" then phone.identifier = img.identifier .. "-phone" end
  return {wide, phone}
end

local function Image(img)
  local src = img.attributes["vvv-phone"]
  if src == nil then return nil end
  return with_phone(img, src)
end

local round_name = nil

local function exists(path)
  local fh = io.open(path, "r")
  if fh == nil then return false end
  fh:close()
  return true
end

local function Cell(div)
  if quarto == nil or round_name == nil or div.identifier == "" or not div.classes:includes("cell") then return nil end
  local name = "_generated/" .. div.identifier .. "-phone.svg"
  local dir = quarto.project and quarto.project.directory
  if dir == nil or not exists(dir .. "/report/" .. round_name .. "/" .. name) then return nil end
  local done = false
  return div:walk({Image = function(img)
    if done then return nil end
    done = true
    return with_phone(img, name)
  end})
end

-- The end-notes follow the last appendix under a heading of their own, "Noter" (it is also in the table of
-- contents): the writer sets the notes after the document's last block, so the heading is that block.
-- Built-in engine only: Quarto's book sets each chapter's notes on the chapter's own page, under its own heading.
local function Pandoc(doc)
  if quarto ~= nil then return nil end
  local has_notes = false
  doc:walk({Note = function() has_notes = true end})
  if has_notes then
    doc.blocks:insert(pandoc.Header(1, "Noter", pandoc.Attr("noter", {"unnumbered"})))
  end
  return doc
end

if not FORMAT:match("html") then return {} end

return {
  {Meta = function(meta) round_name = meta.round and pandoc.utils.stringify(meta.round.name) or nil end},
  {Image = Image, Div = Cell, Table = Table, Figure = Figure},
  {Pandoc = Pandoc},
}
