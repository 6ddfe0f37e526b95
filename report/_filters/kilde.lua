-- Every number from data says where it comes from (vvvanalysis.trace; both engines run this filter).
-- The round's source map (kilde-common.source_map, `tal`) holds for each inline key the data rows it is computed
-- from (data-kilde) and the explanation a reader sees (what the number is, file and rows, source, how computed).
--   HTML: each {{< meta v.KEY >}} number becomes <span class="kilde" data-kilde=… data-forklaring=… tabindex=0>,
--         with the small inline script and style that show the explanation on hover and keyboard focus.
--   PDF: the number only, no markup. DOCX: the number inside an invisible bookmark (for `vvv comments`), and the
--         paragraph anchors p_<chapter>_<line> of the built-in engine as bookmarks (vvvanalysis.trace.anchors).
-- Quarto hands a user filter its shortcodes unresolved (Shortcode nodes); the built-in engine expands them
-- itself into [value]{.kilde key=KEY} spans (render/shortcodes.py). Both arrive here as the same span.

local sources = {}     -- key -> {kilde = "data/…:5", forklaring = "…"}
local round_name = nil -- meta.round.name: where the round's staged files are (report/<round>/_generated/)
local values = nil     -- meta.v (Quarto: the values the shortcodes name)
local used = false

local function is_html()
  return FORMAT:match("html") ~= nil
end

local DIR = PANDOC_SCRIPT_FILE and PANDOC_SCRIPT_FILE:match("^(.*)[/\\]") or "."   -- read while loading
local common = dofile(DIR .. "/kilde-common.lua")
local text = common.text

local function read_meta(meta)
  sources = common.source_map(meta).tal or {}
  values = meta.v
  round_name = meta.round and text(meta.round.name)
end

local count = 0

local function is_docx()
  return FORMAT == "docx"
end

local function decorate(span, key)
  local entry = sources[key]
  if entry ~= nil and is_docx() then
    -- An invisible Word bookmark k<sha1 of the key, 8>_<n> around the number: `vvv comments` maps a comment
    -- on it to the key's data rows (vvvanalysis.trace.anchors).
    count = count + 1
    return pandoc.Span(span.content, pandoc.Attr("k" .. pandoc.utils.sha1(key):sub(1, 8) .. "_" .. count))
  end
  if entry == nil or not is_html() then
    return span.content     -- no markup outside HTML (and none for a value without a data source)
  end
  used = true
  return pandoc.Span(span.content, pandoc.Attr("", {"kilde"},
    {{"data-kilde", entry.kilde}, {"data-forklaring", entry.forklaring}, {"tabindex", "0"}}))
end

local function value_inlines(key)
  local value = values and values[key]
  if value == nil then return nil end
  local kind = pandoc.utils.type(value)
  if kind == "Inlines" then return value end
  if kind == "Blocks" then return pandoc.utils.blocks_to_inlines(value) end
  return pandoc.Inlines({pandoc.Str(text(value))})
end

-- Quarto's DOCX: the paragraph anchors p_<chapter>_<line> the built-in engine writes into its markdown
-- (vvvanalysis.trace.anchors). Quarto joins the chapters into one document, marking where each begins with a
-- raw `<!-- quarto-file-metadata: BASE64 -->` block naming the file (bookItemFile). `vvv execute` stages
-- report/<round>/_generated/afsnit.json: per chapter its number, the sha1 of its text and its paragraph starts
-- (the one rule, in Python). Here pandoc reads the chapter once more with an empty anchor span at each start,
-- so each anchor lands on the paragraph pandoc makes of that line; the document's paragraphs are matched to them
-- by their text (shortcodes left out, in order within the chapter). No anchor where nothing matches, and none
-- for a chapter changed since afsnit.json was staged (its sha1 differs): a paragraph is never given a wrong one.
local MARKER = "^<!%-%- quarto%-file%-metadata: ([^ ]+) %-%->$"
local maps = {}          -- bookItemFile -> {fingerprint -> {anchor ids, in order}} (false: none)
local current = nil      -- the map of the chapter being walked

local slurp = common.slurp

local function fingerprint(block)
  -- stringify leaves out notes and Quarto's unresolved shortcodes, as the chapter read below leaves them out
  return (pandoc.utils.stringify(block):gsub("%s+", ""))
end

local project_path = common.project_path

local function chapter_map(file)
  if maps[file] ~= nil then return maps[file] end
  maps[file] = false
  local staged = round_name and slurp(project_path("report/" .. round_name .. "/_generated/afsnit.json"))
  local entry = staged and pandoc.json.decode(staged, false)[file]
  local text = entry and slurp(project_path(file))
  if text == nil or pandoc.utils.sha1(text) ~= entry.sha1 then return false end
  local starts = {}
  for _, line in ipairs(entry.starts) do starts[math.tointeger(line)] = true end
  local lines, number = {}, 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    number = number + 1
    local anchored = starts[number] and ("[]{#p_" .. math.tointeger(entry.chapter) .. "_" .. number .. "}") or ""
    lines[#lines + 1] = anchored .. line:gsub("{{{?<.->}}}?", "")
  end
  local map = {}
  pandoc.read(table.concat(lines, "\n"), "markdown"):walk({
    Para = function(para)
      local first = para.content[1]
      if first and first.t == "Span" and first.identifier:match("^p_%d+_%d+$") then
        local key = fingerprint(para)
        if key ~= "" then
          map[key] = map[key] or {}
          table.insert(map[key], first.identifier)
        end
      end
    end,
  })
  maps[file] = map
  return map
end

local function file_marker(raw)
  if raw.format ~= "html" then return end
  local encoded = raw.text:match(MARKER)
  if encoded == nil then return end
  local ok, file = pcall(function() return quarto.json.decode(quarto.base64.decode(encoded)) end)
  if ok and type(file) == "table" and file.bookItemFile then
    current = chapter_map(file.bookItemFile) or nil
  end
end

local function anchor(block)
  if #block.content == 1 and block.content[1].t == "RawInline" then file_marker(block.content[1]) end
  if current == nil then return nil end
  local queue = current[fingerprint(block)]
  if queue == nil or #queue == 0 then return nil end
  block.content:insert(1, pandoc.Span({}, pandoc.Attr(table.remove(queue, 1))))
  return block
end

-- A table's or figure's caption is a paragraph of the chapter that Quarto has already made a float's caption
-- (a Plain) when this filter runs: anchored the same way.
local anchor_paragraphs = {RawBlock = function(raw) file_marker(raw) end, Para = anchor, Plain = anchor}

return {
  {Meta = function(meta) read_meta(meta) end},
  -- Quarto only (its file markers), DOCX only: the built-in engine wrote the anchors into its markdown
  is_docx() and quarto ~= nil and quarto.base64 ~= nil and anchor_paragraphs or {},
  {
    -- Quarto: resolve {{< meta v.KEY >}} here for HTML and DOCX (elsewhere Quarto resolves it as always).
    Shortcode = function(sc)
      if not (is_html() or is_docx()) or sc.name ~= "meta" or sc.params == nil or sc.params[1] == nil then
        return nil
      end
      local name = text(sc.params[1].value) or ""
      local key = name:match("^v%.(.+)$")
      if key == nil or sources[key] == nil then return nil end
      local inlines = value_inlines(key)
      if inlines == nil then return nil end
      return decorate(pandoc.Span(inlines), key)
    end,
    Span = function(span)
      if span.classes:includes("kilde") and span.attributes["key"] ~= nil then
        return decorate(span, span.attributes["key"])
      end
      -- Paragraph anchors p_<chapter>_<line> (built-in engine) and data anchors d_<file>_<line> (a
      -- recommendation's or a quote's line in its data file, trace.anchors): a bookmark in the DOCX, nothing
      -- elsewhere.
      if (span.identifier:match("^p_%d+_%d+$") or span.identifier:match("^d_%x+_%d+$")) and #span.content == 0
          and not is_docx() then
        return {}
      end
    end,
  },
  {
    Pandoc = function(doc)
      if not (used and is_html()) then return nil end
      return common.add_assets(doc, DIR)
    end,
  },
}
