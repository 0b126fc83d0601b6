-- POST bodies for wrk. Every request has a new client_id. A person has one check-in per
-- morning, so check-ins rotate over this thread's own people and walk back a day per round
-- (bench/load.py gives each run people of its own).
-- Arguments: kind ("checkin" or "session"), thread count, then the tokens.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  kind = args[1]
  local nthreads = tonumber(args[2])
  mine = {}
  for i = 3, #args do
    if (i - 3) % nthreads == index then table.insert(mine, args[i]) end
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
    local day = os.date("!%Y-%m-%d", os.time() - 86400 * round)
    body = string.format('{"client_id":"%s","date":"%s","pain_right":%d}', uuid(), day, round % 11)
  else
    body = string.format(
      '{"client_id":"%s","started_at":"%s","duration_s":600,"foot":"right",' ..
      '"techniques":["stretch","ball-roll"],"pressure":4}',
      uuid(), os.date("!%Y-%m-%dT%H:%M:%S+00:00", os.time() - 3600))
  end
  return wrk.format("POST", nil, headers, body)
end
