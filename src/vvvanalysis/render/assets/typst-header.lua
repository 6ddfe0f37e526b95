-- Built-in engine, pass 2, typst only: the shared typst header files (_quarto.yml, format: typst:
-- include-in-header; builtin.py passes their paths as vvv-typst-header) become raw typst at the start of
-- header-includes, where Quarto puts them too. Not pandoc's --include-in-header: that variable would hide the
-- header-includes the shared filters add after this one (the example-data watermark).
local function Meta(meta)
  local files = meta["vvv-typst-header"]
  if files == nil then return nil end
  if type(files) == "string" or files.t ~= "MetaList" and #files == 0 then files = {files} end
  local includes = pandoc.MetaList({})
  for _, path in ipairs(files) do
    local handle = assert(io.open(pandoc.utils.stringify(path), "r"))
    includes:insert(pandoc.MetaBlocks({pandoc.RawBlock("typst", handle:read("a"))}))
    handle:close()
  end
  for _, old in ipairs(meta["header-includes"] or {}) do includes:insert(old) end
  meta["header-includes"] = includes
  meta["vvv-typst-header"] = nil
  return meta
end

return {{Meta = Meta}}
