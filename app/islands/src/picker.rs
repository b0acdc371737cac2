//! Choosing people by name. Without the code the field takes 人员编号 (several separated by commas),
//! which the server checks like any input; with it, typing a name lists matching people to choose
//! from, and the chosen ones are posted by their number all the same.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A person as the search answers (the server's `PersonOption` has these fields and more).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub unit_name: String,
    #[serde(default)]
    pub position: String,
}

impl Pick {
    fn text(&self) -> String {
        [self.name.as_str(), self.unit_name.as_str(), self.position.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[island]
pub fn PersonPicker(
    /// The posted name: the one number (`multiple` false), or the numbers (`name[]`, or the typed
    /// `1, 2` without the code).
    name: String,
    /// The field's id (its label's `for`).
    id: String,
    /// The label of the number field without the code, e.g. "人员编号".
    number_label: String,
    /// The label of the name search, e.g. "按姓名查找".
    search_label: String,
    /// Who is chosen already.
    #[prop(optional)]
    chosen: Option<Vec<Pick>>,
    #[prop(optional)] multiple: Option<bool>,
    #[prop(optional)] required: Option<bool>,
    /// A server function answering `q` with people (`lecture_people` by default).
    #[prop(optional)]
    endpoint: Option<String>,
) -> impl IntoView {
    let (chosen, multiple, required) = (chosen.unwrap_or_default(), multiple.unwrap_or(false), required.unwrap_or(false));
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let picked = RwSignal::new(chosen.clone());
    let found = RwSignal::new(Vec::<Pick>::new());
    let note = RwSignal::new(String::new());
    let typed = chosen.iter().map(|p| p.id.to_string()).collect::<Vec<_>>().join(", ");
    let endpoint = endpoint.unwrap_or_else(|| "lecture_people".into());
    let search_id = format!("{id}-q");
    let (posted, posted_one) = (format!("{name}[]"), name.clone());
    let choose = move |p: Pick| {
        picked.update(|list| {
            if !multiple {
                list.clear();
            }
            if !list.iter().any(|x| x.id == p.id) {
                list.push(p);
            }
        });
        found.set(Vec::new());
    };
    let search = Callback::new(move |q: String| {
        #[cfg(feature = "hydrate")]
        {
            let endpoint = endpoint.clone();
            if q.trim().is_empty() {
                found.set(Vec::new());
                note.set(String::new());
                return;
            }
            note.set(crate::text::tx("正在查找…").into());
            leptos::task::spawn_local(async move {
                match crate::net::call(&endpoint, &[("q", q.trim().to_string())]).await {
                    Ok(a) if a.ok() => {
                        let list: Vec<Pick> = serde_json::from_str(&a.body).unwrap_or_default();
                        note.set(if list.is_empty() { crate::text::tx("没有找到。").into() } else { String::new() });
                        found.set(list);
                    }
                    Ok(a) => note.set(crate::net::error_text(a.status, &a.body).0),
                    Err(_) => note.set(crate::text::tx("网络连接失败，请检查网络后重试").into()),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (q, &endpoint);
    });
    let (label_id, field_id, query_id) = (id.clone(), id.clone(), format!("{id}-q"));
    view! {
        <div class="picker">
            <label for=move || if ready.get() { search_id.clone() } else { label_id.clone() }>
                {move || if ready.get() { search_label.clone() } else { number_label.clone() }}
            </label>
            // Without the code: the numbers, typed.
            <input type="text" id=field_id name=name value=typed inputmode="numeric" autocomplete="off"
                required=required disabled=move || ready.get() hidden=move || ready.get()/>
            <Show when=move || ready.get()>
                <input type="search" id=query_id.clone() autocomplete="off" maxlength="20"
                    on:input=move |ev| search.run(event_target_value(&ev))/>
                <p class="hint" role="status">{move || note.get()}</p>
                <ul class="plain picks">
                    {move || found.get().into_iter().map(|p| {
                        let text = p.text();
                        view! { <li><button type="button" class="small" on:click=move |_| choose(p.clone())>{text}</button></li> }
                    }).collect_view()}
                </ul>
                <ul class="plain chosen" data-testid="picked">
                    {
                        let (posted, posted_one) = (posted.clone(), posted_one.clone());
                        move || picked.get().into_iter().map(|p| {
                            let pid = p.id;
                            let input_name = if multiple { posted.clone() } else { posted_one.clone() };
                            view! {
                                <li>
                                    <input type="hidden" name=input_name value=pid.to_string()/>
                                    <span>{p.text()}</span>
                                    " "
                                    <button type="button" class="link-button" on:click=move |_| picked.update(|l| l.retain(|x| x.id != pid))>
                                        {crate::text::tx("移除")}
                                    </button>
                                </li>
                            }
                        }).collect_view()
                    }
                </ul>
            </Show>
        </div>
    }
}
