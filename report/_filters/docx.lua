-- Both engines, DOCX only: listed once in _quarto.yml `filters:` after the `quarto` entry (the built-in engine
-- passes it to pandoc in pass 2, after callouts.lua).
-- 1. Figures: Word gets the PNG (≥ 200 dpi) stored beside each SVG; HTML and PDF keep the vector file; the
--    alternative text is the picture's description.
-- 2. Captions are Word captions: "Figur 1:" / "Tabel 1:" with the number as a SEQ field (Word's table of
--    figures and cross-references work), in pandoc's caption styles (based on "Caption", da-DK).
-- 3. Column widths come from the content: every column is at least as wide as its longest word, so a
--    header like "Succeskriterium" never breaks mid-word; the rest goes to the columns with most text.
-- 4. A figure's source line ("Kilde: …") gets its own paragraph style.

local LINE = 95   -- characters of 9 pt table text (docx_reference.py) on the 17 cm A4 line (9638 twips, about
                 -- 101 twips a character); render/docx_tables.py gives the grid that width
-- A letter of 9 pt Calibri is 63-80 twips wide on average (Carlito's metrics, measured on the report's long
-- words); counted generously as 110 (the measure tests/test_docx_tables.py holds the tables to), a bold header
-- letter 4 % wider, and each cell has the Table style's margins, 108 twips left and right.
local LETTER, BOLD_LETTER, PADDING = 110 / 101, 110 / 101 * 1.04, 216 / 101

local function file_exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function Image(img)
  -- The alternative text is the picture's description in Word (wp:docPr descr): pandoc's writer takes it from
  -- the image's inlines, which Quarto leaves empty (it keeps fig-alt, or alt, as an attribute).
  local alt = img.attributes["fig-alt"] or img.attributes["alt"]
  if alt and alt ~= "" and pandoc.utils.stringify(img.caption) == "" then
    img.caption = pandoc.Inlines({pandoc.Str(alt)})
    img.attributes["fig-alt"], img.attributes["alt"] = nil, nil
  end
  local png = img.src:gsub("%.svg$", ".png")
  if png ~= img.src and file_exists(png) then
    img.src = png
  end
  return img
end

local function xml_escape(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

local function run(text)
  return '<w:r><w:t xml:space="preserve">' .. xml_escape(text) .. '</w:t></w:r>'
end

-- "Figur 6.1:" (the word, a no-break space, the chapter, a dot, the number, a colon) -> word + chapter +
-- SEQ field restarting at each level-1 heading (\s 1) + colon; an unprefixed "Figur 1:" gets a plain SEQ.
local function seq_caption(inlines)
  local first = inlines[1]
  if not first or first.t ~= "Str" then return nil end
  local word, chapter, number, rest = first.text:match("^(%a+)\u{a0}(%w+)%.(%d+)(:.*)$")
  local prefix, switch = "", ""
  if word then
    prefix, switch = chapter .. ".", "\\s 1 "
  else
    word, number, rest = first.text:match("^(%a+)\u{a0}(%d+)(:.*)$")
    if not word then return nil end
  end
  local field = '<w:fldSimple w:instr=" SEQ ' .. word .. ' \\* ARABIC ' .. switch .. '"><w:r><w:t>' .. number ..
                '</w:t></w:r></w:fldSimple>'
  local out = pandoc.Inlines({pandoc.RawInline("openxml", run(word .. "\u{a0}" .. prefix) .. field .. run(rest))})
  for i = 2, #inlines do out:insert(inlines[i]) end
  return out
end

local function caption_blocks(blocks)
  for _, block in ipairs(blocks) do
    if (block.t == "Plain" or block.t == "Para") then
      local inl = seq_caption(block.content)
      if inl then block.content = inl end
      return
    end
  end
end

-- Word's writer lays out several blocks in one figure side by side (as sub-figures): the source line goes
-- right after the figure instead, so the image keeps the full width.
local function Figure(fig)
  caption_blocks(fig.caption.long)
  local kept, notes = pandoc.Blocks({}), pandoc.Blocks({})
  for _, block in ipairs(fig.content) do
    if block.t == "Div" and block.classes:includes("figure-source") then notes:insert(block) else kept:insert(block) end
  end
  if #notes == 0 then return fig end
  fig.content = kept
  local out = pandoc.Blocks({fig})
  out:extend(notes)
  return out
end

local function longest_word(text)
  local best = 0
  for word in text:gmatch("%S+") do
    local n = utf8.len(word) or #word
    if n > best then best = n end
  end
  return best
end

-- Body words longer than this may break (a very long compound must not squeeze every short column); the cap
-- is the largest that lets the columns fit the line, so a table that has room never breaks a word.
local BODY_CAP_MIN, BODY_CAP_MAX = 12, 26

local function column_widths(tbl)
  local ncols = #tbl.colspecs
  local head, body, want = {}, {}, {}
  for i = 1, ncols do head[i], body[i], want[i] = 0, 0, 3 end
  local function visit(rows, bold)
    for _, row in ipairs(rows) do
      for i, cell in ipairs(row.cells) do
        if i <= ncols then
          local text = pandoc.utils.stringify(cell.contents)
          local longest = longest_word(text)
          -- a header word never breaks
          if bold then
            head[i] = math.max(head[i], longest * BOLD_LETTER + PADDING)
          else
            body[i] = math.max(body[i], longest)
          end
          local len = (utf8.len(text) or #text) + 1
          if len > want[i] then want[i] = len end
        end
      end
    end
  end
  visit(tbl.head.rows, true)
  for _, b in ipairs(tbl.bodies) do visit(b.body, false) end
  visit(tbl.foot.rows, false)
  local function needs(cap)
    local need, total = {}, 0
    for i = 1, ncols do
      need[i] = math.max(3, head[i], math.min(body[i], cap) * LETTER + PADDING)
      total = total + need[i]
    end
    return need, total
  end
  local cap = BODY_CAP_MAX
  local need, total_need = needs(cap)
  while total_need > LINE and cap > BODY_CAP_MIN do
    cap = cap - 1
    need, total_need = needs(cap)
  end
  local extra = {}
  for i = 1, ncols do
    want[i] = math.min(want[i], 60)
    if want[i] < need[i] then want[i] = need[i] end
  end
  local widths = {}
  if total_need >= LINE then
    for i = 1, ncols do widths[i] = need[i] / total_need end
  else
    local spare, total_extra = LINE - total_need, 0
    for i = 1, ncols do extra[i] = want[i] - need[i]; total_extra = total_extra + extra[i] end
    for i = 1, ncols do
      local give = total_extra > 0 and math.min(extra[i], spare * extra[i] / total_extra) or 0
      widths[i] = (need[i] + give) / LINE   -- a short table need not fill the line
    end
  end
  for i = 1, ncols do tbl.colspecs[i] = {tbl.colspecs[i][1], widths[i]} end
end

-- Header cells in their own paragraph style (docx_reference.py: Compact, never hyphenated): a narrow column's
-- header wraps between words ("Andel af / målet"), never inside a short one ("må-let").
local function header_style(tbl)
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do
      -- pandoc's writer styles a cell's Plain as Compact whatever Div is around it; a Para takes the Div's style
      local paras = cell.contents:walk({Plain = function(p) return pandoc.Para(p.content) end})
      cell.contents = pandoc.Blocks({pandoc.Div(paras, pandoc.Attr("", {}, {{"custom-style", "Tabeloverskrift"}}))})
    end
  end
end

local function Table(tbl)
  column_widths(tbl)
  header_style(tbl)
  caption_blocks(tbl.caption.long or {})
  return tbl
end

local function Div(div)
  for _, c in ipairs(div.classes) do
    if c == "figure-source" then
      div.attributes["custom-style"] = "Kildeangivelse"
      return div
    end
  end
  return nil
end

-- 5. The table of contents is filled in already: pandoc writes only an empty TOC field that Word fills when it
--    updates fields, so LibreOffice, viewers and previews showed an empty list. Here the entries (numbered
--    headings to toc-depth, each a link to its heading) sit inside the same TOC field, so Word still
--    refreshes it, with page numbers, when fields are updated (the field is marked dirty).
local function toc_paragraph(level, text, anchor)
  return '<w:p><w:pPr><w:pStyle w:val="TOC' .. level .. '"/><w:tabs><w:tab w:val="right" w:leader="dot" ' ..
         'w:pos="9628"/></w:tabs></w:pPr><w:hyperlink w:anchor="' .. xml_escape(anchor) .. '" w:history="1">' ..
         run(text) .. '</w:hyperlink></w:p>'
end

local function Pandoc(doc)
  local depth = tonumber(pandoc.utils.stringify(doc.meta["toc-depth"] or "2")) or 2
  local title = pandoc.utils.stringify(doc.meta["toc-title"] or "Indholdsfortegnelse")
  local entries = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level <= depth and block.identifier ~= "" then
      table.insert(entries, toc_paragraph(block.level, pandoc.utils.stringify(block.content), block.identifier))
    end
  end
  if #entries == 0 then return nil end
  local field_begin = '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin" ' ..
    'w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve">TOC \\o "1-' .. depth ..
    '" \\h \\z \\u</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>'
  local field_end = '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
  local xml = '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>' ..
    '</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr>' .. run(title) ..
    '</w:p>' .. field_begin .. table.concat(entries) .. field_end .. '</w:sdtContent></w:sdt>'
  doc.blocks:insert(1, pandoc.RawBlock("openxml", xml))
  return doc
end

if not FORMAT:match("docx") then return {} end

return {{Image = Image, Figure = Figure, Table = Table, Div = Div, Pandoc = Pandoc}}
