-- GET the URL given to wrk, with the reader's token when BENCH_TOKEN is set.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
