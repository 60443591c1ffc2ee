/** The floor of a spawn-to-answer measurement: node starts, reads one line from stdin and answers it. */
process.stdin.once('data', () => process.stdout.write('{"jsonrpc":"2.0","id":1,"result":{}}\n'));
