// The Liveroom mini-program: signs the user in once (wx.login, exchanged by the server for a token) and keeps
// the token for the pages. myUrl is the server's base address, ending with '/'.
App({
  globalData: {
    myUrl: 'https://liveroom.example.com/',
    token: '',
    userInfo: null,
  },

  /** Resolves with the token, signing in first if there is none. */
  ensureLogin() {
    if (this.globalData.token) return Promise.resolve(this.globalData.token);
    if (!this.loggingIn) {
      this.loggingIn = new Promise((resolve, reject) => {
        wx.login({
          success: ({ code }) => {
            wx.request({
              url: this.globalData.myUrl + 'api/auth/wechat',
              method: 'POST',
              header: { 'content-type': 'application/json' },
              data: { code },
              success: (res) => {
                const body = res.data || {};
                if (res.statusCode === 200 && body.code === 200) {
                  this.globalData.token = body.data.token;
                  this.globalData.userInfo = body.data.user;
                  resolve(body.data.token);
                } else {
                  reject(new Error(body.msg || '登录失败'));
                }
              },
              fail: (err) => reject(new Error(err.errMsg || '网络异常')),
            });
          },
          fail: (err) => reject(new Error(err.errMsg || '登录失败')),
        });
      }).finally(() => {
        this.loggingIn = null;
      });
    }
    return this.loggingIn;
  },

  /** The token was refused (expired): forget it, so the next ensureLogin() signs in again. */
  dropToken() {
    this.globalData.token = '';
  },
});
