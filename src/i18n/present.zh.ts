/** 演示相关的文字（issue #11）：图表坐标轴、布局提示、投影仪面板、标注者、计时。 */
export default {
  charts: {
    rightAxis: '（右轴）', iterationAxis: '迭代',
    axis: { score: '分数', kl: 'KL（nats）', nats: 'nats', fraction: '比例', valueLoss: '价值损失', policyLoss: '策略损失', varExplained: '解释方差', tokens: '词元数', eosRate: 'EOS 比例' },
  },
  stages: { factsClass: '奖励模型的数字（rm…）属于正在使用的模型：以全班的 {{n}} 对重新训练。', stepAxis: '步' },
  learning: {
    tableLabel: '逐词元的价值、优势、回报和比率：方向键在格子之间移动',
    ratioAxis: '比率 π_new/π_old', beyondTokens: '超出坐标轴（画在边缘）', clipBand: '截断带 [{{lo}}, {{hi}}]',
    ratioBeyond: '超出坐标轴的词元：{{n}} 个（最远的比率为 {{extreme}}），以 ▲ / ▼ 画在边缘，使截断带保持清晰。',
  },
  sampling: { gridLabel: '回答，每行一个：方向键在词元之间移动' },
  feedback: { sourceClass: '分数：全班以 {{n}} 对重新训练的奖励模型', tableLabel: '逐词元的对数概率、KL 和奖励：方向键在格子之间移动' },
  inspect: { yes: '是', no: '否' },
  layout: { scrollLeft: '← 更多', scrollRight: '更多 →', settingsShow: '设置 ▾', settingsHide: '设置 ▴' },
  dash: {
    title: '投影仪面板', phases: '一次迭代的各个阶段',
    nextStep: {
      sample: '下一步：策略模型为一批提示写出回答。',
      feedback: '下一步：奖励模型给回答打分；参考模型衡量策略模型偏离了多少（KL）。',
      learn: '下一步：由奖励计算优势，然后 PPO 更新策略模型和价值模型。',
    },
    compareCaption: '同样的提示、同样的随机数：参考模型（SFT 模型，PPO 之前）与 {{n}} 次迭代后的策略模型',
    compareLoading: '正在采样前后对比的回答…', compareFailed: '无法生成前后对比的回答：{{error}}',
    prompt: '提示', model: '模型', answer: '回答', gold: '真实分', rm: '奖励模型分', checker: '检查器',
    before: '之前', after: '现在（{{n}}）', noEos: '（没有 EOS：PPO 给它缺少 EOS 的惩罚分）',
  },
  timing: {
    phases: '第 {{n}} 次迭代（{{engine}} 引擎）：采样 {{sample}}，反馈 {{feedback}}，学习 {{learn}}（引擎共 {{total}}）',
    phasesSoFar: '第 {{n}} 次迭代目前（{{engine}} 引擎）：采样 {{sample}}，反馈 {{feedback}}，学习 {{learn}}',
    wall: '实际用时 {{wall}}，其中页面自身绘制 {{page}}',
    wallWithPauses: '实际用时 {{wall}}，其中页面自身绘制 {{page}}，按当前速度在阶段之间停顿 {{pauses}}',
    noWall: '没有实际用时：各阶段不是一口气运行的（“运行”或“运行一次迭代”会测量它）',
  },
  banner: {
    short: { 'slow-gpu': '软件 GPU' },
    'slow-gpu': {
      title: '在软件适配器上使用 GPU 引擎。',
      body: '这个适配器（{{detail}}）在处理器上运行 WebGPU：一次迭代比 CPU 引擎慢很多倍，常常要几十秒。',
      measured: '这里第 {{n}} 次迭代实际用时 {{wall}}（引擎 {{engine}}）。',
      measuredEngine: '这里第 {{n}} 次迭代在引擎上用时 {{engine}}。',
      notYet: '第一次迭代的用时会显示在这里。',
    },
  },
  labeler: {
    resultBeforeAfter: '已用全班标注的 {{n}} 对重新训练。在留出的样本对上与脚本标注者一致的比例：之前 {{before}}，现在 {{after}}。',
    dropWarning: '重新训练的奖励模型在留出样本对上的判断比它替换掉的模型更差（{{before}} → {{after}}），而 PPO 现在正以它为优化目标。请标注更多样本对再训练，或恢复本次运行开始时的奖励模型。',
    inUse: 'PPO 正在用全班以 {{n}} 对重新训练的奖励模型打分。',
    restoreShipped: '恢复随附的奖励模型', restoreStart: '恢复本次运行开始时的奖励模型',
  },
  busy: { 'restore-reward': '正在恢复奖励模型…' },
  hp: {
    err: {
      number: '必须是数字，收到的是 {{got}}', whole: '必须是整数，收到的是 {{got}}',
      gt: '必须大于 {{lo}}，收到的是 {{got}}', ge: '必须不小于 {{lo}}，收到的是 {{got}}', le: '必须不大于 {{hi}}，收到的是 {{got}}',
      leScenario: '必须不大于 {{hi}}（本场景最长的回答），收到的是 {{got}}',
      oneOf: '必须是 {{list}} 之一，收到的是 {{got}}', divide: '必须能整除 {{other}} = {{n}}，收到的是 {{got}}',
      empty: '为空：请输入一个数字', decimal: '必须是普通的十进制数，例如 0.001 或 3e-4，收到的是 {{got}}',
      tooLarge: '太大，无法表示：{{got}}', tooSmall: '太小，无法表示（会变成 0）：{{got}}',
      bool: '必须是 true 或 false，收到的是 {{got}}', unknown: '不是本页面的设置',
    },
  },
};
