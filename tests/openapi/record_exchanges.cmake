# record_openapi_exchanges(<test>): the test's HTTP clients record every
# exchange (CAF_NODE_EXCHANGE_LOG) into the openapi_exchanges folder, for
# openapi_answers to check against the document. The folder is emptied
# first (fixture openapi_exchange_log), and openapi_answers runs after
# every recording test (fixture openapi_exchanges).
set(OPENAPI_EXCHANGES_DIR ${CMAKE_BINARY_DIR}/tests/openapi/exchanges)

function(record_openapi_exchanges test)
  set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT
               "CAF_NODE_EXCHANGE_LOG=${OPENAPI_EXCHANGES_DIR}/${test}.jsonl")
  set_property(TEST ${test} APPEND PROPERTY FIXTURES_REQUIRED openapi_exchange_log)
  set_property(TEST ${test} APPEND PROPERTY FIXTURES_SETUP openapi_exchanges)
endfunction()
