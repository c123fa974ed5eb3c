/**
 * The one TensorFlow.js entry point of the project. Every package imports `tf` from `@ssl/core`, so there is
 * exactly one engine (backend, kernel registry, memory counters). Importing this module registers all
 * gradients and the stock `cpu` backend; the faster backends are chosen by `initBackend` (backend/).
 */
import "@tensorflow/tfjs-core/dist/register_all_gradients"
import "@tensorflow/tfjs-backend-cpu"
import * as tf from "@tensorflow/tfjs-core"

// The cpu backend greets Node users with a banner unless PROD is set.
tf.env().set("PROD", true)

export { tf }
