-- Both engines (listed once under `filters:` in _quarto.yml; the built-in engine passes that list to pandoc):
-- when the round's metadata says example-data: true, every format carries the example-data mark.
-- The text must equal vvvanalysis.marks.EXAMPLE_MARK (a test checks it).
-- - PDF: a watermark on every page (cover and contents included), as an artifact in the tag tree (PDF/UA):
--   otherwise it lands inside whatever structure (a list, a table) the page break falls in.
-- - DOCX: a marked paragraph opening the document and every chapter (the reference document's page header
--   says it too).
-- - HTML: a sticky banner opening every page of Quarto's site; the built-in engine's single page has its
--   own banner in its template (render/assets/report.html), so this filter adds none there.
local MARK = "Eksempeldata – ikke reelle tal"

local function is_format(name)
  if quarto ~= nil then return quarto.doc.is_format(name) end
  return FORMAT:match(name) ~= nil
end

local function is_example(meta)
  local flag = meta["example-data"]
  if type(flag) == "boolean" then return flag end
  return flag ~= nil and pandoc.utils.stringify(flag) == "true"
end

local function banner()
  if is_format("html") then
    -- Sticky, so it stays on screen while a reader scrolls the page.
    return pandoc.RawBlock("html", '<div class="example-banner" role="note" style="position:sticky;top:0;'
      .. 'z-index:2000;background:#8b0000;color:#fff;text-align:center;font-weight:bold;padding:.4em">'
      .. MARK .. '</div>')
  end
  return pandoc.Div({pandoc.Para({pandoc.Strong({pandoc.Str(MARK)})})}, {["custom-style"] = "Example Mark"})
end

local function Pandoc(doc)
  if not is_example(doc.meta) then return nil end
  if is_format("typst") then
    -- Page foreground from the header: on every page of the PDF, cover and contents included.
    local includes = doc.meta["header-includes"] or pandoc.MetaList({})
    if includes.t ~= "MetaList" and type(includes) ~= "table" then includes = pandoc.MetaList({includes}) end
    table.insert(includes, pandoc.MetaBlocks({pandoc.RawBlock("typst",
      '#set page(foreground: place(center + horizon, pdf.artifact(rotate(-35deg, text(size: 40pt, '
      .. 'fill: rgb(200, 30, 30, 55), weight: "bold")[' .. MARK .. ']))))')}))
    doc.meta["header-includes"] = includes
    return doc
  end
  if is_format("html") and quarto == nil then return nil end   -- the built-in page has its template's banner
  -- HTML (one page per chapter) and DOCX: the mark opens the page and every chapter.
  local blocks = pandoc.Blocks({banner()})
  local fresh = true   -- nothing but the mark since the last one: a chapter opening the document gets one mark
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 and not fresh then blocks:insert(banner()) end
    blocks:insert(block)
    -- raw markup and empty divs (bookmarks, page breaks) show nothing: the mark still opens what follows
    if not (block.t == "RawBlock" or (block.t == "Div" and #block.content == 0)) then fresh = false end
  end
  doc.blocks = blocks
  return doc
end

return {{Pandoc = Pandoc}}
