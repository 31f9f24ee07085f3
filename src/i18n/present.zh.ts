/** 演示相关的文字（issue #11）：图表坐标轴、布局提示、投影仪面板、标注者、计时。 */
export default {
  charts: {
    rightAxis: '（右轴）', iterationAxis: '迭代',
    axis: { score: '分数', kl: 'KL（nats）', nats: 'nats', fraction: '比例', valueLoss: '价值损失', policyLoss: '策略损失', varExplained: '解释方差', tokens: '词元数', eosRate: 'EOS 比例' },
  },
  stages: { stepAxis: '步' },
  learning: {
    ratioAxis: '比率 π_new/π_old', beyondTokens: '超出坐标轴（画在边缘）', clipBand: '截断带 [{{lo}}, {{hi}}]',
    ratioBeyond: '超出坐标轴的词元：{{n}} 个（最远的比率为 {{extreme}}），以 ▲ / ▼ 画在边缘，使截断带保持清晰。',
  },
};
