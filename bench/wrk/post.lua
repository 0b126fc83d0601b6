-- POST bodies for wrk. Every request has a new client_id. A person has one check-in per
-- morning, so check-ins rotate over this thread's own users and walk back a day per round.
-- Arguments: kind ("checkin" or "session"), thread count, a day offset (each run walks
-- its own stretch of the past, so a later run never repeats a morning), then the tokens.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  kind = args[1]
  local nthreads = tonumber(args[2])
  offset = tonumber(args[3])
  mine = {}
  for i = 4, #args do
    if (i - 4) % nthreads == index then table.insert(mine, args[i]) end
  end
  math.randomseed(os.time() + index * 7919)
end

local function uuid()
  return (("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"):gsub("[xy]", function(c)
    return string.format("%x", (c == "x") and math.random(0, 15) or math.random(8, 11))
  end))
end

function request()
  local token = mine[(counter % #mine) + 1]
  local round = math.floor(counter / #mine) + 1
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }
  local body
  if kind == "checkin" then
    local day = os.date("!%Y-%m-%d", os.time() - 86400 * (offset + round + 1))
    body = string.format('{"client_id":"%s","date":"%s","pain_right":%d}', uuid(), day, round % 11)
  else
    body = string.format(
      '{"client_id":"%s","started_at":"%s","duration_s":600,"foot":"right",' ..
      '"techniques":["stretch","ball-roll"],"pressure":4}',
      uuid(), os.date("!%Y-%m-%dT%H:%M:%S+00:00", os.time() - 3600))
  end
  return wrk.format("POST", nil, headers, body)
end
