// "Skip to content" moves the focus to <main> in place. A plain href="#main" resolves against <base href="/">,
// so it would load the ward board instead of skipping on the current page.
document.addEventListener('click', e => {
    const link = e.target instanceof Element ? e.target.closest('a.skip-link') : null;
    const main = document.getElementById('main');
    if (!link || !main) return;
    e.preventDefault();
    e.stopPropagation(); // before Blazor's navigation interception sees the click
    main.focus();
    main.scrollIntoView();
}, true);
