-- Shared by kilde.lua (numbers in running text) and kilde-data.lua (tables and figures): reading the metadata the
-- render writes (vvvanalysis.trace) and putting the tooltip's script and style on the page once. Not a filter of
-- its own (not listed in _quarto.yml): each of them loads it with dofile.
local M = {}

function M.text(value)
  if value == nil then return nil end
  return pandoc.utils.stringify(value)
end

local function slurp(path)
  local fh = io.open(path, "r")
  if fh == nil then return nil end
  local body = fh:read("a")
  fh:close()
  return body
end
M.slurp = slurp

local function read_file(dir, name)
  return slurp(dir .. "/" .. name)
end

-- A project-relative path as this engine sees it: Quarto runs the filters in the chapter's folder and says where
-- the project is; the built-in engine runs pandoc in its build folder and writes paths relative to it.
function M.project_path(relative)
  if relative:sub(1, 1) == "/" then return relative end
  local dir = quarto and quarto.project and quarto.project.directory
  return dir and (dir .. "/" .. relative) or relative
end

-- The round's source map (vvvanalysis.report_values.write_source_map), named by the metadata key vvv-kilde-fil:
-- `tal` (key -> {kilde, forklaring}) and `udstillinger` (float id -> cells, data rows, files). Plain JSON strings,
-- never parsed as markdown: data text stays literal, and pandoc does not parse a whole round's provenance for every
-- chapter (as it does metadata). Read once per filter run; {} when the round has none.
local cached = nil
function M.source_map(meta)
  if cached ~= nil then return cached end
  local name = meta["vvv-kilde-fil"] and M.text(meta["vvv-kilde-fil"])
  local body = name and slurp(M.project_path(name))
  cached = body and pandoc.json.decode(body, false) or {}
  return cached
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
