-- Shared by kilde.lua (numbers in running text) and kilde-data.lua (tables and figures): reading the metadata the
-- render writes (vvvanalysis.trace) and putting the tooltip's script and style on the page once. Not a filter of
-- its own (not listed in _quarto.yml): each of them loads it with dofile.
local M = {}

function M.text(value)
  if value == nil then return nil end
  return pandoc.utils.stringify(value)
end

-- An explanation is stored as a list of lines (metadata strings are markdown, where a line end is a space).
function M.lines(value)
  if pandoc.utils.type(value) == "List" then
    local out = {}
    for _, item in ipairs(value) do out[#out + 1] = M.text(item) end
    return table.concat(out, "\n")
  end
  return M.text(value)
end

local function read_file(dir, name)
  local fh = io.open(dir .. "/" .. name, "r")
  if fh == nil then return nil end
  local body = fh:read("a")
  fh:close()
  return body
end

-- The tooltip's style and script at the end of the page, unless a filter before already put them there. `dir` is
-- the filters' folder as the calling filter saw it when it loaded: Quarto runs a filter's functions (and the
-- code of a file it loads) with PANDOC_SCRIPT_FILE naming Quarto's own scripts.
function M.add_assets(doc, dir)
  for _, block in ipairs(doc.blocks) do
    if block.t == "RawBlock" and block.text:sub(1, 8) == "<script>" and block.text:find("kilde-forklaring", 1, true) then
      return nil
    end
  end
  local script, style = read_file(dir, "kilde.js"), read_file(dir, "kilde.css")
  if style then doc.blocks:insert(pandoc.RawBlock("html", "<style>\n" .. style .. "</style>")) end
  if script then doc.blocks:insert(pandoc.RawBlock("html", "<script>\n" .. script .. "</script>")) end
  return doc
end

return M
