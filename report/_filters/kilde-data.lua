-- Tables and figures say where they come from (vvvanalysis.trace.exhibits; both engines run this filter after
-- Quarto's floats, listed once in _quarto.yml). The round's source map (kilde-common.source_map, `udstillinger`)
-- is keyed by the float's id (tbl-…, fig-…): the measured data rows of each number the exhibit prints, and the
-- rows it was drawn from.
--   HTML: each number in a table cell becomes <span class="kilde" data-kilde=… data-forklaring=… tabindex=0>
--         (the tooltip of kilde.lua shows it); under the float a "Data" disclosure (<details>) holds the rows as
--         small tables with header cells, in the page: nothing is loaded or downloaded.
--   HTML and DOCX: a figure's "Kilde" line names its data files (the PDF keeps the source in words).
--   DOCX: an invisible bookmark at the start of each table cell (anchor_cells). The PDF gets no other markup.

local exhibits = {}
local used = false

local DIR = PANDOC_SCRIPT_FILE and PANDOC_SCRIPT_FILE:match("^(.*)[/\\]") or "."   -- read while loading
local common = dofile(DIR .. "/kilde-common.lua")
local text = common.text

local function is_html()
  return FORMAT:match("html") ~= nil
end

local function read_meta(meta)
  for id, entry in pairs(common.source_map(meta).udstillinger or {}) do
    exhibits[id] = {celler = entry.celler or {}, data = entry.data or {}, filer = entry.filer or ""}
  end
end

local function span(inlines, cell)
  return pandoc.Span(inlines, pandoc.Attr("", {"kilde"},
    {{"data-kilde", cell.kilde}, {"data-forklaring", cell.forklaring}, {"tabindex", "0"}}))
end

-- Calls visit(cell, row, column) for each body cell, from 0: the positions trace.exhibits measured.
local function each_body_cell(tbl, visit)
  local r = 0
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for c, cell in ipairs(row.cells) do visit(cell, r, c - 1) end
      r = r + 1
    end
  end
  return tbl
end

-- HTML: a number gets its span, where the cell still says what was measured (a stale measurement marks nothing
-- rather than the wrong rows).
local function mark_table(tbl, cells)
  return each_body_cell(tbl, function(cell, r, c)
    local found = cells[r .. "," .. c]
    if found and #cell.contents == 1 and cell.contents[1].t == "Plain" and text(cell.contents) == found.tekst then
      cell.contents[1].content = pandoc.Inlines({span(cell.contents[1].content, found)})
    end
  end)
end

-- DOCX: every body cell of a table float starts with an empty span c_<sha1 of the float id, 6>_<row>_<column>,
-- which pandoc writes as an invisible Word bookmark: `vvv comments` names the data rows of a commented cell
-- from it, without searching for the cell's text.
local function anchor_cells(tbl, id)
  local token = pandoc.utils.sha1(id):sub(1, 6)
  return each_body_cell(tbl, function(cell, r, c)
    local first = cell.contents[1]
    if first and (first.t == "Plain" or first.t == "Para") then
      first.content:insert(1, pandoc.Span({}, pandoc.Attr("c_" .. token .. "_" .. r .. "_" .. c)))
    end
  end)
end

local function cell_blocks(value)
  return {pandoc.Plain({pandoc.Str(value)})}
end

-- The rows behind the exhibit as real tables (header cells, a caption naming the file), inside <details>.
local function disclosure(id, entry)
  local kind = id:match("^fig") and "figuren" or "tabellen"
  local blocks = pandoc.Blocks({pandoc.RawBlock("html",
    '<details class="kilde-data"><summary>Data<span class="kilde-data-hvad"> bag ' .. kind ..
    '</span></summary>')})
  if #entry.data == 0 then
    blocks:insert(pandoc.Para({pandoc.Str("Ingen datarækker: " .. kind .. " er ikke beregnet af data.")}))
  else
    blocks:insert(pandoc.Para({pandoc.Str("Datarækkerne, " .. kind .. " er lavet af, nummereret som i datafilen "
      .. "(række 1 er overskriften):")}))
  end
  for _, part in ipairs(entry.data) do
    local header, rows, aligns, widths = {}, {}, {}, {}
    for _, c in ipairs(part.kolonner) do
      header[#header + 1] = cell_blocks(c)
      aligns[#aligns + 1] = pandoc.AlignDefault
      widths[#widths + 1] = 0
    end
    for _, row in ipairs(part.raekker) do
      local cells = {}
      for _, c in ipairs(row) do cells[#cells + 1] = cell_blocks(c) end
      rows[#rows + 1] = cells
    end
    local simple = pandoc.SimpleTable({pandoc.Str(part.fil)}, aligns, widths, header, rows)
    local tbl = pandoc.utils.from_simple_table(simple)
    tbl.classes = {"kilde-data-tabel"}
    blocks:insert(tbl)
  end
  blocks:insert(pandoc.RawBlock("html", "</details>"))
  return blocks
end

-- A figure's source line names the data files: "Kilde: … · Data: data/midterm/x.csv" (the file names as code:
-- a name to look up, not words of the report), in the reviewers' formats (HTML, DOCX). The funder's PDF names
-- the source in words only: a file path is a developer's word there.
local function source_line(div, entry)
  if entry.filer == "" or not div.classes:includes("figure-source") then return nil end
  if not (is_html() or FORMAT == "docx") then return nil end
  -- One span (class kilde-filer): the reviewers' look-up, which a reader of the report's words can leave out.
  local function add(block)
    local files = pandoc.Inlines({pandoc.Str(" · Data: ")})
    local first = true
    for file in entry.filer:gmatch("[^,%s]+") do
      if not first then files:insert(pandoc.Str(", ")) end
      files:insert(pandoc.Code(file))
      first = false
    end
    block.content:insert(pandoc.Span(files, pandoc.Attr("", {"kilde-filer"})))
    return block
  end
  return div:walk({Plain = add, Para = add})
end

local function decorate(el)
  local entry = exhibits[el.identifier]
  if entry == nil then return nil end
  local id = el.identifier
  if el.t == "Table" then   -- the built-in engine's table float: the table itself carries the id
    if FORMAT == "docx" then return anchor_cells(el, id) end
    if not is_html() then return nil end
    el = mark_table(el, entry.celler)
  else
    el = el:walk({Div = function(div) return source_line(div, entry) end})
    if FORMAT == "docx" then return el:walk({Table = function(tbl) return anchor_cells(tbl, id) end}) end
    if not is_html() then return el end
    el = el:walk({Table = function(tbl) return mark_table(tbl, entry.celler) end})
  end
  used = true
  local out = pandoc.Blocks({el})
  out:extend(disclosure(el.identifier, entry))
  return out
end

-- The tooltip's script and style, where kilde.lua has not already put them on the page (a page whose running
-- text has no number from data: an appendix with a table).
local function Pandoc(doc)
  if not (is_html() and used) then return nil end
  return common.add_assets(doc, DIR)
end

return {
  {Meta = function(meta) read_meta(meta) end},
  {Div = decorate, Figure = decorate, Table = decorate},
  {Pandoc = Pandoc},
}
