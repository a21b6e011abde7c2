// One input of every element type mcg-run reads, each cast to f64 (or
// passed through) so that a test can read back what --random-inputs drew.
cgraph.graph @dtypes(%f: tensor<64x64xf32> as "f", %d: tensor<256xf64> as "d",
                     %h: tensor<256xf16> as "h", %l: tensor<256xi64> as "l",
                     %i: tensor<256xi32> as "i", %b: tensor<256xi8> as "b",
                     %m: tensor<256xi1> as "m")
    -> (tensor<64x64xf32> as "f", tensor<256xf64> as "d", tensor<256xf32> as "h",
        tensor<256xf64> as "l", tensor<256xf64> as "i", tensor<256xf64> as "b",
        tensor<256xf32> as "m") {
  %h32 = cgraph.cast %h : tensor<256xf16> -> tensor<256xf32>
  %l64 = cgraph.cast %l : tensor<256xi64> -> tensor<256xf64>
  %i64 = cgraph.cast %i : tensor<256xi32> -> tensor<256xf64>
  %b64 = cgraph.cast %b : tensor<256xi8> -> tensor<256xf64>
  %m32 = cgraph.cast %m : tensor<256xi1> -> tensor<256xf32>
  cgraph.output %f, %d, %h32, %l64, %i64, %b64, %m32
      : tensor<64x64xf32>, tensor<256xf64>, tensor<256xf32>, tensor<256xf64>,
        tensor<256xf64>, tensor<256xf64>, tensor<256xf32>
}
