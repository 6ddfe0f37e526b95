-- Quarto engine only (listed under `filters:` in _quarto.yml; the built-in engine runs that list too, but has its
-- own cover and contents in render/assets/report.typ, so this file does nothing there: see the end). Quarto's book formats read the cover from
-- top-level title/subtitle/date, but the round's metadata file keeps those under `book:` (top-level keys in a
-- metadata file would title every HTML chapter page). For the one-document formats (PDF via typst, DOCX)
-- this filter lifts them to the cover, and gives the typst book's contents the Danish title Quarto does not
-- pass to typst (its own default would be "Indhold").
local function lift(meta, key)
  local book = meta.book
  if meta[key] == nil and book ~= nil and book[key] ~= nil then meta[key] = book[key] end
end

local function typst_literal(s)
  -- A typst string literal: backslash and quote escaped (the title comes from _quarto.yml's language keys).
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local function Meta(meta)
  if not (quarto.doc.is_format("typst") or quarto.doc.is_format("docx")) then return nil end
  for _, key in ipairs({"subtitle", "date"}) do lift(meta, key) end
  if quarto.doc.is_format("typst") then
    -- The orange-book cover prints title, subtitle and author only: the date goes under the subtitle.
    if meta.date ~= nil and meta.subtitle ~= nil then
      local subtitle = pandoc.Inlines(pandoc.utils.stringify(meta.subtitle))
      subtitle:insert(pandoc.LineBreak())
      subtitle:extend(pandoc.Inlines(pandoc.utils.stringify(meta.date)))
      meta.subtitle = pandoc.MetaInlines(subtitle)
    end
    local title = meta["toc-title"] and pandoc.utils.stringify(meta["toc-title"]) or "Indholdsfortegnelse"
    local includes = meta["header-includes"] or pandoc.MetaList({})
    if includes.t ~= "MetaList" and type(includes) ~= "table" then includes = pandoc.MetaList({includes}) end
    table.insert(includes, pandoc.MetaBlocks({pandoc.RawBlock("typst",
      "#set outline(title: " .. typst_literal(title) .. ")")}))
    meta["header-includes"] = includes
  end
  return meta
end

if quarto == nil then return {} end   -- the built-in engine (plain pandoc): its templates draw the cover

return {{Meta = Meta}}
