/** LOG_LEVEL: error | warn | info | http (default) | verbose | debug. */
export default {
  level: process.env.LOG_LEVEL || 'http',
};
