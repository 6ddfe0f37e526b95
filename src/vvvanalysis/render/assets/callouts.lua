-- Built-in engine, pass 2 (per output format): Quarto callouts as a styled box (HTML), a callout()
-- call of the typst template (PDF) or a titled custom-style block (DOCX).

local words = {note = "Bemærk", tip = "Tip", important = "Vigtigt", warning = "Advarsel", caution = "Forsigtig"}

local function read_meta(meta)
  local lang = meta["vvv-words"]
  if lang then
    for key, value in pairs(lang) do words[key] = pandoc.utils.stringify(value) end
  end
end

local function typst_escape(s)
  local escaped = s:gsub("([\\#%[%]%*_%$<>@`/])", "\\%1")
  -- "1. …", "- …", "= …" at the start of a content block would become a list or heading in typst
  if escaped:match("^%d+%.") or escaped:match("^[%-%+=]") then escaped = '#""' .. escaped end
  return escaped
end

local function callout(div)
  local kind
  for _, c in ipairs(div.classes) do
    local k = c:match("^callout%-(%a+)$")
    if k then kind = k end
  end
  if not kind then return nil end
  local title = div.attributes["title"] or words[kind] or kind
  if FORMAT:match("typst") then
    local out = pandoc.Blocks({pandoc.RawBlock("typst",
      '#callout(kind: "' .. kind .. '", title: [' .. typst_escape(title) .. '])[')})
    out:extend(div.content)
    out:insert(pandoc.RawBlock("typst", "]"))
    return out
  elseif FORMAT:match("docx") then
    -- Shaded, bordered paragraph styles of the reference document (docx_reference.py), title on top.
    return pandoc.Blocks({
      pandoc.Div({pandoc.Para({pandoc.Str(title)})}, {["custom-style"] = "Callout Title"}),
      -- Plain (tight list items) would get pandoc's "Compact" style and fall outside the box: make them Para.
      pandoc.Div(div.content:walk({Plain = function(p) return pandoc.Para(p.content) end}),
                 {["custom-style"] = "Callout"}),
    })
  else
    return pandoc.Div({
      pandoc.Div({pandoc.Plain({pandoc.Str(title)})}, {class = "callout-title"}),
      pandoc.Div(div.content, {class = "callout-body"}),
    }, {class = "callout callout-" .. kind})
  end
end

return {
  {Meta = read_meta},
  {Div = callout},
}
