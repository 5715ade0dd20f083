-- Unique orderIds across wrk's threads and runs: "<run tag>_<thread>_<counter>" (the tag is the first script
-- argument, different for every run; the thread number is handed to each thread by setup()).
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local tag
local counter = 0

local function next_order_id()
  counter = counter + 1
  return string.format("%s_%d_%d", tag, thread_number, counter)
end
