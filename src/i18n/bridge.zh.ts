/** 课程衔接（issue #16）：导出到 TRL、离线应用、嵌入模式（src/ui/bridge/）。 */
export default {
  bridge: {
    trl: '导出到 TRL',
    trlHint: '一个 zip 压缩包，用于在 TRL 中以真实模型继续本次训练：train.py、笔记本、提示词、偏好对（含全班自己的标注），以及作为 Python 奖励函数的黄金评分器。',
    trlFailed: '无法导出到 TRL：{{reason}}',
    offlineReady: '已保存供离线使用：此页面现在无需网络即可运行。',
    updateWaiting: '演练场的新版本已就绪。',
    updateNow: '重新加载以更新',
    updateAfterRun: '训练停止后再更新',
    openFull: '打开完整的演练场 ↗',
  },
};
