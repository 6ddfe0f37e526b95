-- Built-in engine, pass 1 (markdown -> pandoc AST, once for all formats): numbers sections, and figures and
-- tables per chapter as Quarto books do (crossref.chapters: true): "Figur 6.1", "Tabel 6.2", in appendices
-- "Figur A.1"; a figure before the first numbered chapter gets a plain running number. Resolves @fig-/@tbl-/@sec- references in Danish (Figur, Tabel, Afsnit,
-- Kapitel, Bilag). Pass 2 (callouts.lua) runs per output format.

local words = {
  fig = "Figur", tbl = "Tabel", sec = "afsnit", ch = "Kapitel", apx = "Bilag",
  note = "Bemærk", tip = "Tip", important = "Vigtigt", warning = "Advarsel", caution = "Forsigtig",
}
local number_depth = 3
local targets = {}        -- id -> {kind=..., number=..., title=...}
local unresolved = {}

local function read_meta(meta)
  local lang = meta["vvv-words"]
  if lang then
    for key, value in pairs(lang) do words[key] = pandoc.utils.stringify(value) end
  end
  if meta["number-depth"] then number_depth = tonumber(pandoc.utils.stringify(meta["number-depth"])) end
end

local function has_class(el, name)
  for _, c in ipairs(el.classes) do if c == name then return true end end
  return false
end

local function letter(n) return string.char(64 + n) end

local function number_document(doc)
  local counts = {fig = 0, tbl = 0}
  local sec = {0, 0, 0, 0, 0, 0}
  local appendix = false
  local apx = 0
  local chapter_prefix = ""   -- "6." inside chapter 6, "A." inside appendix A, "" in unnumbered chapters

  local function section_number(level)
    local parts = {}
    for i = 1, level do
      if i == 1 and appendix then parts[i] = letter(sec[1]) else parts[i] = tostring(sec[i]) end
    end
    return table.concat(parts, ".")
  end

  local function split_caption(blocks, id)
    local last = blocks[#blocks]
    if not last or (last.t ~= "Para" and last.t ~= "Plain") then
      io.stderr:write("VVV-ERROR: the div #" .. id .. " has no caption (its last paragraph)\n")
      error("caption missing")
    end
    local body = pandoc.Blocks({})
    for i = 1, #blocks - 1 do body:insert(blocks[i]) end
    return body, last.content
  end

  local function prefixed(kind, n, caption)
    local inl = pandoc.Inlines({pandoc.Str(words[kind] .. "\u{a0}" .. n .. ":"), pandoc.Space()})
    inl:extend(caption)
    return inl
  end

  local filter = {traverse = "topdown"}

  function filter.RawBlock(el)
    if el.format == "html" and el.text:match("vvv:appendices") then
      appendix = true
      sec = {0, 0, 0, 0, 0, 0}
      return {}
    end
  end

  function filter.Header(h)
    if h.level == 1 then counts = {fig = 0, tbl = 0} end   -- numbers restart in every chapter and appendix
    if has_class(h, "unnumbered") or h.level > number_depth then
      if h.level == 1 then chapter_prefix = "" end
      if h.identifier ~= "" then
        targets[h.identifier] = {kind = "sec", title = pandoc.utils.stringify(h.content)}
      end
      return nil
    end
    sec[h.level] = sec[h.level] + 1
    for i = h.level + 1, #sec do sec[i] = 0 end
    local num = section_number(h.level)
    if h.level == 1 then chapter_prefix = num .. "." end
    if h.identifier ~= "" then
      local kind = "sec"
      if h.level == 1 then kind = appendix and "apx" or "ch" end
      targets[h.identifier] = {kind = kind, number = num}
    end
    local content = pandoc.Inlines({pandoc.Span({pandoc.Str(num)}, {class = "header-section-number"}), pandoc.Space()})
    if h.level == 1 and appendix then
      content = pandoc.Inlines({pandoc.Span({pandoc.Str(words.apx .. "\u{a0}" .. num)}, {class = "header-section-number"}),
                                pandoc.Str(":"), pandoc.Space()})
    end
    content:extend(h.content)
    h.content = content
    return h
  end

  function filter.Div(div)
    local id = div.identifier
    local kind = id:match("^(%a+)%-")
    if kind ~= "fig" and kind ~= "tbl" then return nil end
    counts[kind] = counts[kind] + 1
    local n = chapter_prefix .. tostring(counts[kind])
    targets[id] = {kind = kind, number = n}
    local body, caption = split_caption(div.content, id)
    local cap = prefixed(kind, n, caption)
    if kind == "fig" then
      return pandoc.Figure(body, {pandoc.Plain(cap)}, pandoc.Attr(id, {"vvv-figure"}))
    end
    local found = false
    body = body:walk({Table = function(t)
      if found then return nil end
      found = true
      t.caption = {long = {pandoc.Plain(cap)}}
      t.identifier = id
      return t
    end})
    if not found then
      io.stderr:write("VVV-ERROR: the table div #" .. id .. " contains no table\n")
      error("table missing")
    end
    return body
  end

  function filter.Image(img)
    local alt = img.attributes["fig-alt"]
    if alt then
      img.attributes["fig-alt"] = nil
      img.caption = pandoc.Inlines({pandoc.Str(alt)})
    end
    return img
  end

  return doc:walk(filter)
end

local function resolve(cite)
  if #cite.citations ~= 1 then return nil end
  local c = cite.citations[1]
  local kind = c.id:match("^(%a+)%-")
  if kind ~= "fig" and kind ~= "tbl" and kind ~= "sec" then return nil end
  local t = targets[c.id]
  if not t then
    table.insert(unresolved, c.id)
    return nil
  end
  local text
  if t.number == nil then
    text = t.title
  elseif c.mode == "SuppressAuthor" then
    text = t.number
  else
    text = words[t.kind] .. "\u{a0}" .. t.number
  end
  return pandoc.Link(pandoc.Inlines({pandoc.Str(text)}), "#" .. c.id)
end

local function report(doc)
  if #unresolved > 0 then
    for _, id in ipairs(unresolved) do io.stderr:write("VVV-UNRESOLVED: " .. id .. "\n") end
    error("unresolved cross-references")
  end
  return doc
end

return {
  {Meta = read_meta},
  {Pandoc = number_document},
  {Cite = resolve},
  {Pandoc = report},
}
