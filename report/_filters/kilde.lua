-- Every number from data says where it comes from (vvvanalysis.trace; both engines run this filter).
-- The round's metadata carries `vvv-kilde`: for each inline key, the data rows it is computed from (data-kilde)
-- and the explanation a reader sees (what the number is, file and rows, source, how it was computed).
--   HTML: each {{< meta v.KEY >}} number becomes <span class="kilde" data-kilde=… data-forklaring=… tabindex=0>,
--         with the small inline script and style that show the explanation on hover and keyboard focus.
--   PDF: the number only, no markup. DOCX: the number inside an invisible bookmark (for `vvv comments`), and the
--         paragraph anchors p_<chapter>_<line> of the built-in engine as bookmarks (vvvanalysis.trace.anchors).
-- Quarto hands a user filter its shortcodes unresolved (Shortcode nodes); the built-in engine expands them
-- itself into [value]{.kilde key=KEY} spans (render/shortcodes.py). Both arrive here as the same span.

local sources = {}     -- key -> {kilde = "data/…:5", forklaring = "…"}
local values = nil     -- meta.v (Quarto: the values the shortcodes name)
local used = false

local function is_html()
  return FORMAT:match("html") ~= nil
end

local DIR = PANDOC_SCRIPT_FILE and PANDOC_SCRIPT_FILE:match("^(.*)[/\\]") or "."   -- read while loading
local common = dofile(DIR .. "/kilde-common.lua")
local text, lines = common.text, common.lines

local function read_meta(meta)
  local map = meta["vvv-kilde"]
  if map ~= nil then
    for key, entry in pairs(map) do
      sources[key] = {kilde = text(entry.kilde), forklaring = lines(entry.forklaring)}
    end
  end
  values = meta.v
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

return {
  {Meta = function(meta) read_meta(meta) end},
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
      -- Paragraph anchors p_<chapter>_<line> (built-in engine): a bookmark in the DOCX, nothing elsewhere.
      if span.identifier:match("^p_%d+_%d+$") and #span.content == 0 and not is_docx() then
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
