/** Diagnostics 中的内核自检表（src/ui/SelfCheckPanel.tsx）。内核名与“内容”列保持引擎原文。 */
export default {
  selfCheck: {
    title: '内核自检',
    allPass: '全部 {{total}} 项内核检查通过',
    someFail: '{{total}} 项内核检查中有 {{failed}} 项失败',
    running: '运行中…',
    col: { kernel: '内核', what: '内容', error: '最大 |GPU − CPU|', tolerance: '容差', ms: '毫秒', result: '结果' },
    pass: '通过',
    fail: '失败',
  },
};
