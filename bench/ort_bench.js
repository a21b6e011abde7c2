// The onnxruntime baseline of bench/model_bench.py: runs an ONNX model on a
// raw float32 input and prints the latency like mcg-run does.
//
//   node ort_bench.js MODEL.onnx INPUT_NAME INPUT.f32 THREADS REPEAT [OUT_DIR]
//
// With OUT_DIR, also writes every output as OUT_DIR/<name>.f32.
const ort = require('onnxruntime-node');
const fs = require('fs');
const path = require('path');

async function main() {
  const [model, inputName, inputFile, threads, repeat, outDir] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const raw = fs.readFileSync(inputFile);
  const data = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  const dims = JSON.parse(process.env.MCG_INPUT_SHAPE);
  const feeds = {[inputName]: new ort.Tensor('float32', data, dims)};
  let results;
  for (let i = 0; i < 3; ++i) results = await session.run(feeds);
  const ms = [];
  for (let i = 0; i < Number(repeat); ++i) {
    const start = process.hrtime.bigint();
    results = await session.run(feeds);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  console.log(`latency: median ${median.toFixed(4)} ms, min ${ms[0].toFixed(4)} ms`);
  if (outDir) {
    for (const [name, tensor] of Object.entries(results))
      fs.writeFileSync(path.join(outDir, name + '.f32'), Buffer.from(tensor.data.buffer));
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
